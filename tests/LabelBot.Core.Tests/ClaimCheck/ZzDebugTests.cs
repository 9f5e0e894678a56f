using LabelBot.Core.ClaimCheck;
using LabelBot.Core.ClaimCheck.Evidence;
using LabelBot.Core.ClaimCheck.Text;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using LabelBot.Labels;
using Xunit.Abstractions;

namespace LabelBot.Core.Tests.ClaimCheck;

public sealed class ZzDebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug()
    {
        var file = Environment.GetEnvironmentVariable("DBG_FILE") ?? "carvedilol-2be8635b.xml";
        var claimText = Environment.GetEnvironmentVariable("DBG_CLAIM") ?? "Carvedilol can be stopped abruptly without any risk.";
        var grep = Environment.GetEnvironmentVariable("DBG_GREP") ?? "abrupt";
        var doc = SplParser.ParseFile(Path.Combine("/work/shared/labels/spl", file));
        var passages = PassageChunker.Chunk(doc);
        var info = new LabelVersionInfo(doc.SetId, doc.Version, doc.EffectiveDate, doc.Title, doc.DisplayName, doc.Format, true, passages.Count, doc.Products, doc.Labeler);
        var scored = passages.Where(p => p.Text.Contains(grep, StringComparison.OrdinalIgnoreCase)).Select(p => new ScoredPassage(p, info, 1)).ToList();
        var names = ClaimLexicon.NameStems(doc.Products.SelectMany(p => new[] { p.Name, p.GenericName }));
        var claim = ClaimSplitter.Split(claimText)[0];
        var features = ClaimFeatures.Of(claim, names);
        output.WriteLine("claim stems: " + string.Join(", ", features.Stems.Select(s => $"{s.Key}:{s.Value}")));
        foreach (var c in features.Clauses) output.WriteLine($"claim clause neg={c.IsNegated}: {c.Text} :: {string.Join(",", c.Stems.Keys)}");
        foreach (var q in features.Quantities) output.WriteLine($"q {q.Low}-{q.High} {q.Unit} {q.Role} '{q.Raw}'");
        var units = EvidenceUnits.From(scored);
        foreach (var u in units.Where(u => u.Shape == UnitShape.Sentence))
        {
            output.WriteLine($"-- [{u.SectionLabel}] ov={features.OverlapWith(u.Stems):0.00} disp={Overlap.Dispersion(features.Stems, u.StemSequence):0.0} {u.Quote[..Math.Min(150, u.Quote.Length)]}");
            foreach (var c in u.Clauses) output.WriteLine($"     clause neg={c.IsNegated} ov={Overlap.Of(features.Clauses[0].Stems, c.Stems):0.00}: {c.Text[..Math.Min(100, c.Text.Length)]}");
        }
        var decision = new VerdictRules(ClaimCheckOptions.Default).Decide(features, units, LabelFacts.Of([info]));
        output.WriteLine($"{decision.Verdict} {decision.Basis} {decision.Rationale} :: {decision.Evidence.FirstOrDefault()?.Quote}");
    }
}
