using System.Text.RegularExpressions;
using LabelBot.Core.Labels;

namespace LabelBot.Labels.OpenFda;

/// <summary>One openFDA section field and the SPL section it stands for (a row of openfda-sections.tsv).</summary>
public sealed record OpenFdaField(
    string Name,
    string SectionCode,
    string Title,
    IReadOnlySet<LabelFormat> ExpectedIn,
    bool StripHeading,
    IReadOnlyList<string> Headings);

/// <summary>
/// The openFDA field → LOINC section map, kept as data (embedded openfda-sections.tsv) so a new field is a line, not code.
/// </summary>
public static partial class OpenFdaSectionMap
{
    private const string ResourceName = "LabelBot.Labels.OpenFda.openfda-sections.tsv";

    private static readonly Lazy<IReadOnlyList<OpenFdaField>> Loaded = new(Load);

    /// <summary>Every mapped field in the label's reading order.</summary>
    public static IReadOnlyList<OpenFdaField> Fields => Loaded.Value;

    private static List<OpenFdaField> Load()
    {
        using var stream = typeof(OpenFdaSectionMap).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        var fields = new List<OpenFdaField>();
        var header = true;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (header)
            {
                header = false;
                continue;
            }
            var cells = line.Split('\t');
            if (cells.Length < 5)
            {
                throw new InvalidOperationException($"{ResourceName}: bad row '{line}'.");
            }
            var expected = cells[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(ParseFormat).ToHashSet();
            var headings = new List<string> { cells[2] };
            if (cells.Length > 5)
            {
                headings.AddRange(cells[5].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
            // Longest first: "How Supplied/Storage and Handling" must be cut whole, not as "How Supplied".
            fields.Add(new OpenFdaField(cells[0], cells[1], cells[2], expected, cells[4] == "yes",
                headings.OrderByDescending(h => h.Length).ToList()));
        }
        return fields;
    }

    private static LabelFormat ParseFormat(string text) => text switch
    {
        "plr" => LabelFormat.Plr,
        "nonplr" => LabelFormat.NonPlr,
        "otc" => LabelFormat.Otc,
        _ => throw new InvalidOperationException($"{ResourceName}: unknown format '{text}'."),
    };

    /// <summary>
    /// Cuts a leading heading that repeats the section's title ("12.1 Mechanism of action Zolpidem …" → number "12.1",
    /// text "Zolpidem …"). The text is returned unchanged when it does not start with one of the field's headings.
    /// </summary>
    public static (string Number, string Text) StripHeading(OpenFdaField field, string text)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(text);
        if (!field.StripHeading)
        {
            return (string.Empty, text);
        }
        var number = string.Empty;
        var rest = text;
        if (LeadingNumber().Match(text) is { Success: true } m)
        {
            number = m.Groups[1].Value;
            rest = text[m.Length..];
        }
        foreach (var heading in field.Headings)
        {
            if (rest.Length > heading.Length &&
                rest.StartsWith(heading, StringComparison.OrdinalIgnoreCase) &&
                (char.IsWhiteSpace(rest[heading.Length]) || rest[heading.Length] == ':'))
            {
                var body = rest[(heading.Length + 1)..].TrimStart();
                if (body.Length > 0)
                {
                    return (number, body);
                }
            }
        }
        return (string.Empty, text);
    }

    [GeneratedRegex(@"^(\d{1,2}(?:\.\d{1,2})*)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingNumber();
}
