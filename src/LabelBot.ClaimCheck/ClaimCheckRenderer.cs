using System.Globalization;
using System.Text;
using LabelBot.Core.Answering;

namespace LabelBot.ClaimCheck;

/// <summary>Plain-text rendering of a claim-check report for chat channels (the CLI draws its own table).</summary>
public static class ClaimCheckRenderer
{
    /// <summary>Quotes longer than this are shortened in chat text (the JSON keeps them whole).</summary>
    public const int MaxQuoteChars = 240;

    public static string ToText(ClaimCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        if (report.Claims.Count == 0)
        {
            return "I found no claims to check in that text. Paste sentences, bullet points or table rows about a drug.";
        }
        text.Append(Summary(report.Counts)).Append('\n');
        foreach (var claim in report.Claims)
        {
            text.Append('\n')
                .Append(claim.N.ToString(CultureInfo.InvariantCulture)).Append(". ")
                .Append(Verdict(claim.Verdict)).Append(": \"").Append(claim.Claim).Append("\"\n")
                .Append("   ").Append(claim.Rationale).Append('\n');
            foreach (var citation in claim.Citations)
            {
                text.Append("   ").Append(Cite(citation)).Append('\n');
            }
        }
        text.Append("\nVerdicts compare the text with the FDA label only; they are not medical advice.");
        return text.ToString();
    }

    /// <summary>"12 claims: 5 supported, 4 contradicted, 3 not in label (2 dosing advice, reported, not endorsed)."</summary>
    public static string Summary(ClaimCheckCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{counts.Total} claim{(counts.Total == 1 ? string.Empty : "s")}: {counts.Supported} supported, {counts.Contradicted} contradicted, {counts.NotInLabel} not in label");
        if (counts.NoLabel > 0)
        {
            summary += string.Create(CultureInfo.InvariantCulture, $" ({counts.NoLabel} with no label loaded for their drug)");
        }
        return counts.DosingAdvice > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{summary} ({counts.DosingAdvice} dosing advice, reported, not endorsed).")
            : summary + ".";
    }

    public static string Verdict(ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Supported => "SUPPORTED",
        ClaimVerdict.Contradicted => "CONTRADICTED",
        ClaimVerdict.NotInLabel => "NOT IN LABEL",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };

    /// <summary>"[1] LIPITOR (atorvastatin calcium), version 11 (2014-01-13), 2.1 …: "quote" URL".</summary>
    public static string Cite(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        var section = string.IsNullOrEmpty(citation.SectionNumber) ? citation.SectionTitle : $"{citation.SectionNumber} {citation.SectionTitle}";
        var quote = citation.Quote.Length <= MaxQuoteChars ? citation.Quote : citation.Quote[..MaxQuoteChars].TrimEnd() + "…";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{citation.N}] {citation.Title}, {CitationVersionText.For(citation)}, {section}: \"{quote}\" {citation.Url}");
    }
}
