using LabelBot.Core.Labels;

namespace LabelBot.Labels.Tests.Fuzzing;

/// <summary>
/// What parsing one mutant did: a label (with any signs that it is not sane), a rejection with a reason, or an
/// exception of another type (always a bug: callers only expect <see cref="LabelParseException"/>).
/// </summary>
internal sealed record ParseOutcome(LabelDocument? Label, LabelParseException? Rejection, Exception? Escaped, IReadOnlyList<string> Problems)
{
    // Checking every passage against the full text is quadratic; huge mutants are checked by the other rules only.
    private const int FullTextCheckLimit = 600_000;

    public static ParseOutcome Of(SplMutant mutant)
    {
        LabelDocument label;
        try
        {
            label = SplParser.Parse(new MemoryStream(mutant.Bytes, writable: false), mutant.FileName);
        }
        catch (LabelParseException rejection)
        {
            return new(null, rejection, null, RejectionProblems(rejection, mutant.FileName));
        }
#pragma warning disable CA1031 // any other exception type is exactly what the fuzz test reports
        catch (Exception escaped)
#pragma warning restore CA1031
        {
            return new(null, null, escaped, []);
        }
        return new(label, null, null, LabelProblems(label));
    }

    public string Describe() => Escaped is not null
        ? $"threw {Escaped.GetType().FullName} instead of LabelParseException: {Escaped}"
        : Rejection is not null ? $"rejected: {Rejection.Reason}" : $"parsed: {Label!.SetId} v{Label.Version}, {Label.Sections.Count} top sections";

    private static List<string> RejectionProblems(LabelParseException rejection, string name)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(rejection.Reason))
        {
            problems.Add("empty rejection reason");
        }
        if (rejection.Reason.Contains('\n', StringComparison.Ordinal) || rejection.Reason.Contains('\r', StringComparison.Ordinal))
        {
            problems.Add("rejection reason spans several lines");
        }
        if (rejection.SourceName != name || !rejection.Message.StartsWith(name + ": ", StringComparison.Ordinal))
        {
            problems.Add($"rejection does not name the file: {rejection.Message}");
        }
        return problems;
    }

    /// <summary>A sane label: identity, a title, text in every block, and passages the chunker can cut from it.</summary>
    private static List<string> LabelProblems(LabelDocument label)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(label.SetId) || label.SetId != label.SetId.Trim())
        {
            problems.Add($"bad set id '{label.SetId}'");
        }
        if (label.Version < 0)
        {
            problems.Add($"negative version {label.Version}");
        }
        if (string.IsNullOrWhiteSpace(label.Title))
        {
            problems.Add("no title");
        }
        if (label.Sections.Count == 0)
        {
            problems.Add("no sections");
        }
        if (label.AllSections().SelectMany(s => s.Blocks).Any(b => string.IsNullOrWhiteSpace(b.Text)))
        {
            problems.Add("a block without text");
        }

        var passages = PassageChunker.Chunk(label);
        if (passages.Count == 0)
        {
            problems.Add("no passages");
        }
        if (passages.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count() != passages.Count)
        {
            problems.Add("duplicate passage ids");
        }
        if (passages.Any(p => string.IsNullOrWhiteSpace(p.Text) || p.SetId != label.SetId || p.Version != label.Version))
        {
            problems.Add("a passage without text or of another label");
        }
        var fullText = LabelText.FullText(label);
        if (fullText.Length <= FullTextCheckLimit)
        {
            problems.AddRange(passages
                .Where(p => !fullText.Contains(p.Text, StringComparison.Ordinal))
                .Take(3)
                .Select(p => $"passage {p.Id} is not a piece of the label text"));
        }
        return problems;
    }
}
