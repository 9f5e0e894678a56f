using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using LabelBot.Core.Answering.Extractive;

namespace LabelBot.Core.Answering.Quality;

/// <summary>What kind of unreadable fragment an answer shows (named in JSON reports).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnswerJunkKind>))]
public enum AnswerJunkKind
{
    /// <summary>"[see Warnings and Precautions (5.1)]", "(see …)", "(5.1, 6.1)": pointers into the label the user cannot follow.</summary>
    CrossReference,

    /// <summary>" | ": a table row flattened into text.</summary>
    TablePipe,

    /// <summary>A quote that stops at its list lead-in ("… is indicated to:", "… include") without the items.</summary>
    CutOffLeadIn,

    /// <summary>"Table 3:": a table caption shown as if it were a fact.</summary>
    TableCaption,
}

/// <summary>One junk fragment: its kind and the text that gave it away.</summary>
public sealed record AnswerJunkFinding(AnswerJunkKind Kind, string Evidence);

/// <summary>
/// Finds fragments in an answer's displayed text that a reader cannot use: cross-references, table pipes, cut-off
/// lead-ins and table captions (issue 14). Give it the displayed part only (<see cref="DisplayedAnswer.Body"/>):
/// the Sources block legitimately lists section numbers. Shared by the evaluation runner and tests.
/// </summary>
public static partial class AnswerJunk
{
    /// <summary>Every junk fragment of <paramref name="displayedText"/>, in order of kind then position.</summary>
    public static IReadOnlyList<AnswerJunkFinding> Find(string displayedText)
    {
        ArgumentNullException.ThrowIfNull(displayedText);
        var findings = new List<AnswerJunkFinding>();
        foreach (Match match in CrossReference().Matches(displayedText))
        {
            findings.Add(new AnswerJunkFinding(AnswerJunkKind.CrossReference, match.Value));
        }
        foreach (Match match in TablePipe().Matches(displayedText))
        {
            findings.Add(new AnswerJunkFinding(AnswerJunkKind.TablePipe, Around(displayedText, match.Index)));
        }
        foreach (var line in displayedText.Split('\n'))
        {
            // A quote line ends with its citation markers; what stands before them is what the reader gets.
            var quote = TrailingMarkers().Replace(line, string.Empty).TrimEnd();
            if (quote.Length == 0 || !TrailingMarkers().IsMatch(line))
            {
                continue;
            }
            if (CutOffEnd().IsMatch(quote))
            {
                findings.Add(new AnswerJunkFinding(AnswerJunkKind.CutOffLeadIn, Tail(quote)));
            }
        }
        foreach (Match match in TableCaption().Matches(displayedText))
        {
            // "… are shown in Table 4." followed by that table's rows points at what is shown, not at what is missing.
            var rest = displayedText[(match.Index + match.Length)..];
            var nextLine = rest.Split('\n', 3) is { Length: > 1 } lines ? lines[1] : string.Empty;
            if (nextLine.Contains(QuoteDisplay.CellSeparator, StringComparison.Ordinal))
            {
                continue;
            }
            findings.Add(new AnswerJunkFinding(AnswerJunkKind.TableCaption, match.Value));
        }
        return findings;
    }

    /// <summary>True when <paramref name="displayedText"/> shows any junk fragment.</summary>
    public static bool HasJunk(string displayedText) => Find(displayedText).Count > 0;

    private static string Around(string text, int index)
    {
        var start = Math.Max(0, index - 30);
        var end = Math.Min(text.Length, index + 30);
        return text[start..end].ReplaceLineEndings(" ");
    }

    private static string Tail(string quote) => quote.Length <= 60 ? quote : "…" + quote[^59..];

    // "[see …]" and "(see …)" pointers, and bare section numbers such as "(5.1)" or "(2.6, 5.1, 7)".
    [GeneratedRegex(@"\[\s*see\b[^\]]*\]|\(\s*see\b[^)]*\)|\(\s*\d{1,2}\.\d{1,2}(?:\s*,\s*\d{1,2}(?:\.\d{1,2})?)*\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex CrossReference();

    [GeneratedRegex(@" \| ")]
    private static partial Regex TablePipe();

    [GeneratedRegex(@"(?:\s*\[\d{1,4}\])+\s*$")]
    private static partial Regex TrailingMarkers();

    // A lead-in promises items that are not there: it ends in a colon, or in a verb that needs its list.
    [GeneratedRegex(@"(?::|\b(?:indicated to|include|includes|including|such as))\s*[…]?$", RegexOptions.IgnoreCase)]
    private static partial Regex CutOffEnd();

    [GeneratedRegex(@"\bTable \d{1,3}[A-Za-z]?\s*[:.]")]
    private static partial Regex TableCaption();
}
