using LabelBot.ClaimCheck.Text;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Text;

namespace LabelBot.ClaimCheck.Evidence;

/// <summary>How an evidence unit was cut from its passage.</summary>
internal enum UnitShape { Sentence, TableRow, SentencePair, WholePassage }

/// <summary>A clause of text with its stems and whether it is negative.</summary>
/// <param name="TitleStems">For a label clause, the stems of its section title: they say what the clause is about,
/// but count half, so that every sentence of "2.2 Rheumatoid Arthritis" is not taken for a statement about it.</param>
internal sealed record Clause(string Text, Dictionary<string, double> Stems, bool IsNegated, IReadOnlySet<string> TitleStems)
{
    private const double TitleShare = 0.5;

    public static Clause Of(string text, IReadOnlySet<string>? excludedStems = null) =>
        new(text, ClaimLexicon.WeightedStems(text, excludedStems), ClaimSignals.IsNegated(text), new HashSet<string>(StringComparer.Ordinal));

    /// <summary>A label clause: a contraindication is a "do not" even when its sentence has no negation
    /// ("Women who are pregnant or may become pregnant.").</summary>
    public static Clause OfLabel(string text, string sectionTitle, bool isContraindication) =>
        new(text, ClaimLexicon.WeightedStems(text), isContraindication || ClaimSignals.IsNegated(text), ClaimLexicon.Stems(sectionTitle));

    /// <summary>Share of <paramref name="claim"/>'s weight this label clause states (title words at half weight).</summary>
    public double Covers(IReadOnlyDictionary<string, double> claim)
    {
        double total = 0, found = 0;
        foreach (var (stem, weight) in claim)
        {
            total += weight;
            found += Stems.ContainsKey(stem) ? weight : TitleStems.Contains(stem) ? weight * TitleShare : 0;
        }
        return total <= 0 ? 0 : found / total;
    }
}

/// <summary>
/// A verbatim piece of a retrieved passage (a sentence, a table row, two adjacent sentences or a short passage) that
/// a claim is compared with. <see cref="Quote"/> is always a substring of the passage text, so citations stay verifiable.
/// </summary>
internal sealed class EvidenceUnit
{
    public EvidenceUnit(ScoredPassage source, TextSpan span, UnitShape shape, int passageRank)
    {
        Source = source;
        Span = span;
        Shape = shape;
        PassageRank = passageRank;
        Quote = span.Of(source.Passage.Text);
        // The section title is part of what a sentence is about ("7.2 Grapefruit Juice", "4 CONTRAINDICATIONS").
        Stems = [.. ClaimLexicon.Stems(Quote), .. ClaimLexicon.Stems(source.Passage.SectionTitle)];
        StemSequence = ClaimLexicon.StemSequence(Quote);
        Quantities = LabelBot.Core.Text.Quantities.Find(Quote);
        var contraindication = source.Passage.SectionCode == SectionCodes.Contraindications;
        Clauses = SentenceSpans.Split(Quote)
            .SelectMany(s => LabelBot.Core.Text.Clauses.Split(s.Of(Quote)))
            .Select(c => Clause.OfLabel(c, source.Passage.SectionTitle, contraindication))
            .ToList();
    }

    public ScoredPassage Source { get; }

    public TextSpan Span { get; }

    public UnitShape Shape { get; }

    /// <summary>0 for the retriever's best passage.</summary>
    public int PassageRank { get; }

    public string Quote { get; }

    public HashSet<string> Stems { get; }

    /// <summary>Content stems of the quote in reading order.</summary>
    public IReadOnlyList<string> StemSequence { get; }

    public IReadOnlyList<Quantity> Quantities { get; }

    public IReadOnlyList<Clause> Clauses { get; }

    public string SectionLabel => Source.Passage.SectionDisplayTitle;
}

/// <summary>Cuts retrieved passages into evidence units.</summary>
internal static class EvidenceUnits
{
    // Short passages (a Highlights bullet list, a small table) are also compared as a whole.
    private const int MaxWholePassageChars = 900;

    public static List<EvidenceUnit> From(IReadOnlyList<ScoredPassage> passages)
    {
        var units = new List<EvidenceUnit>();
        for (var rank = 0; rank < passages.Count; rank++)
        {
            AddPassage(passages[rank], rank, units);
        }
        return units;
    }

    private static void AddPassage(ScoredPassage scored, int rank, List<EvidenceUnit> units)
    {
        var text = scored.Passage.Text;
        var pieces = new List<(TextSpan Span, UnitShape Shape)>();
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }
            if (SentenceSpans.Trim(text, lineStart, lineEnd) is { } line)
            {
                if (line.Of(text).Contains(" | ", StringComparison.Ordinal) || line.Of(text).StartsWith("| ", StringComparison.Ordinal))
                {
                    pieces.Add((line, UnitShape.TableRow));
                }
                else
                {
                    pieces.AddRange(SentenceSpans.Split(text, line.Start, line.End).Select(s => (s, UnitShape.Sentence)));
                }
            }
            lineStart = lineEnd + 1;
        }

        foreach (var (span, shape) in pieces)
        {
            units.Add(new EvidenceUnit(scored, span, shape, rank));
        }
        // Two adjacent sentences: a claim often joins what the label says in two ("… 1 hour before. However, … 30 minutes to 4 hours").
        for (var i = 0; i + 1 < pieces.Count; i++)
        {
            if (pieces[i].Shape == UnitShape.Sentence && pieces[i + 1].Shape == UnitShape.Sentence)
            {
                units.Add(new EvidenceUnit(scored, new TextSpan(pieces[i].Span.Start, pieces[i + 1].Span.End - pieces[i].Span.Start), UnitShape.SentencePair, rank));
            }
        }
        if (pieces.Count > 1 && text.Length <= MaxWholePassageChars && SentenceSpans.Trim(text, 0, text.Length) is { } whole)
        {
            units.Add(new EvidenceUnit(scored, whole, UnitShape.WholePassage, rank));
        }
    }
}
