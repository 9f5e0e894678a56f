using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using LabelBot.Core.Answering.Phrasing;
using LabelBot.Llm.Tests.TestSupport;
using Xunit.Abstractions;

namespace LabelBot.Llm.Tests.Verification;

/// <summary>
/// The verifier on real label text: a sentence copied verbatim from the cited passage must always survive,
/// and the same sentence with one quantity changed must not.
/// </summary>
public sealed partial class RealLabelVerifierTests(ITestOutputHelper output)
{
    private static readonly XNamespace Hl7 = "urn:hl7-org:v3";

    [RequiresSplLabelsFact]
    public void Verbatim_label_sentences_are_kept_and_altered_quantities_dropped()
    {
        var folder = RepoPaths.SplFolder()!;

        var checkedSentences = 0;
        var alteredChecked = 0;
        var failures = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.xml").Order(StringComparer.Ordinal))
        {
            var paragraphs = Paragraphs(file);
            for (var i = 1; i + 1 < paragraphs.Count; i++)
            {
                foreach (var sentence in QuantifiedSentences(paragraphs[i]).Take(2))
                {
                    var passages = new[]
                    {
                        Passages.Make(1, paragraphs[i - 1]),
                        Passages.Make(2, paragraphs[i]),
                        Passages.Make(3, paragraphs[i + 1]),
                    };

                    var verbatim = PhrasedAnswerVerifier.Verify(new PhrasedAnswer($"{sentence} [2]"), passages);
                    if (verbatim is not { Dropped: 0, UsedPassageNumbers: [2] })
                    {
                        failures.Add($"verbatim sentence dropped ({Path.GetFileName(file)}): {sentence}");
                    }

                    if (AlterFirstQuantity(sentence, paragraphs[i]) is { } altered)
                    {
                        alteredChecked++;
                        var result = PhrasedAnswerVerifier.Verify(new PhrasedAnswer($"{altered} [2]"), passages);
                        if (result is not null)
                        {
                            failures.Add($"altered quantity kept ({Path.GetFileName(file)}): {altered}");
                        }
                    }

                    var miscited = PhrasedAnswerVerifier.Verify(new PhrasedAnswer($"{sentence} [4]"), passages);
                    if (miscited is not null)
                    {
                        failures.Add($"citation of a missing passage kept ({Path.GetFileName(file)}): {sentence}");
                    }
                    checkedSentences++;
                }
            }
        }

        output.WriteLine($"{checkedSentences} verbatim sentences, {alteredChecked} altered quantities checked");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedSentences >= 50 && alteredChecked >= 50, $"only {checkedSentences} real sentences / {alteredChecked} alterations checked");
    }

    private static List<string> Paragraphs(string file)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(file, settings);
        return XDocument.Load(reader).Descendants(Hl7 + "paragraph")
            .Select(p => Whitespace().Replace(p.Value, " ").Trim())
            .Where(t => t.Length >= 40)
            .ToList();
    }

    /// <summary>Sentences (by a plain regex, independent of the verifier's splitter) that state a quantity with a unit.</summary>
    private static IEnumerable<string> QuantifiedSentences(string paragraph) =>
        SentenceBoundary().Split(paragraph)
            .Select(s => s.Trim())
            // Label text such as "60.6 % [56, 65]" reads exactly like a citation of passages 56 and 65, which a model
            // answer may not make; such sentences cannot be quoted through the citation format and are left out.
            .Where(s => s.Length is >= 30 and <= 400 && s.EndsWith('.') && QuantityWithUnit().IsMatch(s) && !BracketedNumbers().IsMatch(s));

    /// <summary>The sentence with its first "N mg|%" changed to a value that appears nowhere in the source paragraph.</summary>
    private static string? AlterFirstQuantity(string sentence, string source)
    {
        var match = QuantityWithUnit().Match(sentence);
        var value = decimal.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        var changed = (value * 3 + 7).ToString(CultureInfo.InvariantCulture);
        if (Regex.IsMatch(source, $@"(?<![\d.,]){Regex.Escape(changed)}(?![\d])"))
        {
            return null;
        }
        return sentence[..match.Groups[1].Index] + changed + sentence[(match.Groups[1].Index + match.Groups[1].Length)..];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\[\s*\d{1,4}(?:\s*[,;–-]\s*\d{1,4})*\s*\]")]
    private static partial Regex BracketedNumbers();

    [GeneratedRegex(@"(?<=[\w)%\]]\.)\s+(?=[A-Z•(\[])")]
    private static partial Regex SentenceBoundary();

    [GeneratedRegex(@"(?<![\w.,])(\d+(?:\.\d+)?)\s?(mg|%)(?![a-zA-Z])")]
    private static partial Regex QuantityWithUnit();
}
