using LabelBot.Core.ClaimCheck;
using LabelBot.Core.ClaimCheck.Evidence;
using LabelBot.Core.ClaimCheck.Text;
using Xunit.Abstractions;
namespace LabelBot.Core.Tests.ClaimCheck;
public sealed class ZzDebug2Tests(ITestOutputHelper output)
{
    [Fact]
    public void Dbg()
    {
        var claim = ClaimSplitter.Split("The maximum dose of Zorvex is 120 mg once daily.").Single();
        var f = ClaimFeatures.Of(claim, ClaimLexicon.NameStems(["Zorvex", "zorvastatin"]));
        foreach (var q in f.Quantities) output.WriteLine($"claim q {q.Low} {q.Unit} {q.Role}");
        foreach (var q in Quantities.Find("Dose range: 10 to 80 mg once daily (2.1).")) output.WriteLine($"label q {q.Low}-{q.High} {q.Unit} {q.Role} '{q.Raw}'");
        output.WriteLine(string.Join(",", ClaimLexicon.Stems("Dose range: 10 to 80 mg once daily (2.1).")));
        var label = LabelBot.Core.Tests.Support.HandMadeLabels.Label("s", "Zorvex", "zorvastatin");
        var p1 = LabelBot.Core.Tests.Support.HandMadeLabels.Passage("s", 1, LabelBot.Core.Labels.SectionCodes.DosageAndAdministration, "2.1", "Recommended Dosage",
            "Dose range: 10 to 80 mg once daily (2.1).\nZorvex tablets are for oral use. Zorvex may be taken with or without food.");
        var units = EvidenceUnits.From(LabelBot.Core.Tests.Support.HandMadeLabels.Ranked(label, p1));
        foreach (var u in units) output.WriteLine($"unit {u.Shape} '{u.Quote}' q={u.Quantities.Count} stems={string.Join(",", u.Stems)}");
        var d = new VerdictRules(ClaimCheckOptions.Default).Decide(f, units, LabelFacts.Of([label]));
        output.WriteLine($"{d.Verdict} {d.Basis} {d.Rationale}");
    }
}
