using System.Globalization;
using System.Text.RegularExpressions;
using LabelBot.Core.Labels;

namespace LabelBot.Core.Answering;

/// <summary>The outcome of <see cref="CitationContract.Validate"/>: empty <see cref="Problems"/> means the answer may be shown.</summary>
public sealed record CitationValidation(IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;

    public override string ToString() => IsValid ? "valid" : string.Join("; ", Problems);
}

/// <summary>
/// The answer object's invariants from ../shared/CONTRACT.md, checked in code (the engine runs this before returning;
/// the evaluator can run it on any answer): every [n] has citation n; citation numbers are unique; every citation's
/// passage exists, belongs to the cited label and contains its quote (whitespace-normalised); an answer has at least
/// one citation; a redirect or emergency reply states no dose amount outside the label quotes it carries.
/// </summary>
public static partial class CitationContract
{
    public static CitationValidation Validate(AnswerResult result, Func<string, Passage?> passageById)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(passageById);
        var problems = new List<string>();
        var numbers = new HashSet<int>();
        foreach (var citation in result.Citations)
        {
            if (!numbers.Add(citation.N))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"citation {citation.N} appears twice"));
            }
            var passage = passageById(citation.PassageId);
            if (passage is null)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"citation {citation.N} cites unknown passage {citation.PassageId}"));
                continue;
            }
            if (!string.Equals(passage.SetId, citation.SetId, StringComparison.Ordinal))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"citation {citation.N} names set {citation.SetId} but its passage belongs to {passage.SetId}"));
            }
            if (!Normalize(passage.Text).Contains(Normalize(citation.Quote), StringComparison.Ordinal))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"citation {citation.N}: quote is not verbatim in passage {citation.PassageId}"));
            }
        }
        foreach (Match marker in Marker().Matches(result.Text))
        {
            var n = int.Parse(marker.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (!numbers.Contains(n))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"text cites [{n}] but there is no citation {n}"));
            }
        }
        if (result.Kind == AnswerKind.Answer && result.Citations.Count == 0)
        {
            problems.Add("an answer must cite at least one passage");
        }
        // SAFETY: redirects and emergencies never state a dose in our own words; label quotes they carry are exempt.
        if (result.Kind is AnswerKind.DosingRedirect or AnswerKind.PersonalRedirect or AnswerKind.AdverseEvent or AnswerKind.Emergency)
        {
            var ownWords = result.Citations.Aggregate(result.Text, (text, c) => c.Quote.Length == 0 ? text : text.Replace(c.Quote, " ", StringComparison.Ordinal));
            if (DoseText.HasDoseAmount(ownWords))
            {
                problems.Add($"a {result.Kind.ToWire()} reply states a dose amount outside label quotes");
            }
        }
        return new CitationValidation(problems);
    }

    /// <summary>Collapses runs of white space so line wrapping differences never fail a verbatim check.</summary>
    public static string Normalize(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\[(?<n>\d{1,4})\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
