namespace LabelBot.Cli;

/// <summary>
/// The parsed command line: a verb, its positional arguments, "--name value" options and "--flag" switches.
/// Hand-rolled because the contract's verbs are few and fixed (../shared/CONTRACT.md).
/// </summary>
public sealed class CliArguments
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "json", "all", "help", "history", "quick", "markdown", "soak", "ingest", "openfda" };

    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public string Verb { get; private init; } = "";
    public IReadOnlyList<string> Positionals { get; private init; } = [];

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var positionals = new List<string>();
        var parsed = new CliArguments { Verb = args.Count > 0 ? args[0] : "", Positionals = positionals };
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var name = arg[2..];
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    parsed._options[name[..eq]] = name[(eq + 1)..];
                }
                else if (Flags.Contains(name))
                {
                    parsed._flags.Add(name);
                }
                else if (i + 1 < args.Count)
                {
                    parsed._options[name] = args[++i];
                }
                else
                {
                    throw new CliUsageException($"option --{name} needs a value");
                }
            }
            else
            {
                positionals.Add(arg);
            }
        }
        return parsed;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Option(string name) => _options.TryGetValue(name, out var value) ? value : null;

    public int? IntOption(string name)
    {
        var value = Option(name);
        if (value is null)
        {
            return null;
        }
        return int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new CliUsageException($"option --{name} must be a whole number, got '{value}'");
    }
}

/// <summary>A mistake in how the command was called: printed as one line with exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
