using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using LabelBot.Core.Answering;

namespace LabelBot.Cli;

/// <summary>Where a verb's runtime comes from: --db, and for the verbs that answer, --audience.</summary>
public sealed record StoreSettings(string? Db, AnswerAudience? Audience = null);

/// <summary>
/// Options several verbs share. Each verb builds its own instances (System.CommandLine options belong to the commands
/// they are added to), so every verb's help lists them.
/// </summary>
internal static class CliOptions
{
    public static Option<string?> Db() => new("--db")
    {
        HelpName = "FILE",
        Description = "SQLite database (default: env LABELBOT_DB, else data/labelbot.db in the repository; LABELBOT_POSTGRES selects PostgreSQL)",
    };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<string?> Text(string name, string helpName, string description) =>
        new(name) { HelpName = helpName, Description = description };

    /// <summary>An integer option whose mistake reads "option --rounds must be a whole number, got 'x'".</summary>
    public static Option<int?> WholeNumber(string name, string helpName, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
            result.AddError($"option {name} must be a whole number, got '{text}'");
            return null;
        },
    };

    public static Option<AnswerAudience?> Audience() => new("--audience")
    {
        HelpName = "Public|Professional",
        Description = "answer for the public (default: dosing always redirected) or for professionals (label dosing text quoted)",
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (Enum.TryParse<AnswerAudience>(text, ignoreCase: true, out var audience) && Enum.IsDefined(audience))
            {
                return audience;
            }
            result.AddError("--audience must be Public or Professional");
            return null;
        },
    };

    /// <summary>
    /// Positional values of a verb (a question's words, paths). The parser hands a token it does not know, such as a
    /// mistyped "--jsn", to a many-valued argument; refusing it here keeps unknown options from passing as values.
    /// </summary>
    public static Argument<string[]> Values(string name, string description) => WithoutOptionLikeTokens(new Argument<string[]>(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
    });

    /// <summary>One optional positional value (a set id, a file, "-"); an unknown option in its place is refused.</summary>
    public static Argument<string?> Value(string name, string description) => WithoutOptionLikeTokens(new Argument<string?>(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
    });

    /// <summary>The verb refuses to run when <paramref name="missing"/> holds, with <paramref name="message"/> as its one line.</summary>
    public static void Require(Command command, Func<CommandResult, bool> missing, string message) =>
        command.Validators.Add(result =>
        {
            if (missing(result))
            {
                result.AddError(message);
            }
        });

    private static T WithoutOptionLikeTokens<T>(T argument)
        where T : Argument
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => IsOptionLike(t.Value)))
            {
                result.AddError($"unknown option '{token.Value}'");
            }
        });
        return argument;
    }

    // "-" (standard input) and negative numbers are values; "--x" and "-x" are options.
    private static bool IsOptionLike(string token) =>
        token.Length > 1 && token[0] == '-' && (token[1] == '-' || char.IsLetter(token[1]));
}

/// <summary>--db (and --audience for the verbs that answer) on one verb, bound to <see cref="StoreSettings"/>.</summary>
internal sealed class StoreOptions
{
    private readonly Option<string?> _db = CliOptions.Db();
    private readonly Option<AnswerAudience?>? _audience;

    public StoreOptions(bool audience = false) => _audience = audience ? CliOptions.Audience() : null;

    public Option<string?> Db => _db;

    public void AddTo(Command command)
    {
        command.Options.Add(_db);
        if (_audience is not null)
        {
            command.Options.Add(_audience);
        }
    }

    public StoreSettings Bind(ParseResult result) => new(result.GetValue(_db), _audience is null ? null : result.GetValue(_audience));
}
