using LabelBot.Core.Answering;
using LabelBot.ClaimCheck;

namespace LabelBot.ClaimCheck.Tests;

public sealed class ClaimCheckRenderingTests
{
    private static readonly Citation Cite = new(1, "set-1", "11", "2014-01-13", "LIPITOR (atorvastatin calcium)", "34068-7", "2.1", "Hyperlipidemia",
        "set-1:11:5", "Dose range: 10 to 80 mg once daily (2.1).", "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=set-1");

    private static ClaimCheckReport Report()
    {
        CheckedClaim[] claims =
        [
            new(1, "The maximum dose is 120 mg once daily.", ClaimVerdict.Contradicted, [Cite], "The label's dosing goes up to 10 to 80 mg; the claim's maximum is 120 mg (2.1 Hyperlipidemia).", false, new ClaimProduct("set-1", "LIPITOR (atorvastatin calcium)")),
            new(2, "Take 20 mg at bedtime.", ClaimVerdict.NotInLabel, [], ClaimChecker.DosingAdviceNote + " The label does not say this.", true, new ClaimProduct("set-1", "LIPITOR (atorvastatin calcium)")),
            new(3, "Costs $4 a month.", ClaimVerdict.NotInLabel, [], "FDA labels do not state prices or costs.", false, null),
        ];
        return new ClaimCheckReport(claims, ClaimCheckCounts.Of(claims), "extractive", 12);
    }

    [Fact]
    public void Counts_summarise_verdicts_and_dosing_advice()
    {
        var counts = Report().Counts;

        Assert.Equal(new ClaimCheckCounts(3, 0, 1, 2, 1), counts);
        Assert.Equal("3 claims: 0 supported, 1 contradicted, 2 not in label (1 dosing advice, reported, not endorsed).", ClaimCheckRenderer.Summary(counts));
    }

    [Fact]
    public void Json_uses_camel_case_and_snake_case_verdicts()
    {
        var json = ClaimCheckJson.Serialize(Report());

        Assert.Contains("\"claims\":[", json, StringComparison.Ordinal);
        Assert.Contains("\"verdict\":\"contradicted\"", json, StringComparison.Ordinal);
        Assert.Contains("\"verdict\":\"not_in_label\"", json, StringComparison.Ordinal);
        Assert.Contains("\"isDosingAdvice\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"citations\":[{\"n\":1,\"setId\":\"set-1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"counts\":{\"total\":3,\"supported\":0,\"contradicted\":1,\"notInLabel\":2,\"dosingAdvice\":1}", json, StringComparison.Ordinal);
        Assert.Equal(Report().Claims.Select(c => c.Verdict), ClaimCheckJson.Deserialize(json)!.Claims.Select(c => c.Verdict));
    }

    [Fact]
    public void Chat_text_lists_each_claim_with_verdict_rationale_and_citation()
    {
        var text = ClaimCheckRenderer.ToText(Report());

        Assert.StartsWith("3 claims:", text, StringComparison.Ordinal);
        Assert.Contains("1. CONTRADICTED: \"The maximum dose is 120 mg once daily.\"", text, StringComparison.Ordinal);
        Assert.Contains("2. NOT IN LABEL: \"Take 20 mg at bedtime.\"", text, StringComparison.Ordinal);
        Assert.Contains("reported, not endorsed", text, StringComparison.Ordinal);
        Assert.Contains("[1] LIPITOR (atorvastatin calcium), version 11 (2014-01-13), 2.1 Hyperlipidemia: \"Dose range: 10 to 80 mg once daily (2.1).\" https://dailymed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_quotes_are_shortened_in_chat_text_only()
    {
        var citation = Cite with { Quote = new string('x', 500) };

        var line = ClaimCheckRenderer.Cite(citation);

        Assert.Contains(new string('x', ClaimCheckRenderer.MaxQuoteChars) + "…", line, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', ClaimCheckRenderer.MaxQuoteChars + 1), line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_report_explains_what_to_paste()
    {
        var empty = new ClaimCheckReport([], ClaimCheckCounts.Of([]), "extractive", 0);

        Assert.Contains("no claims", ClaimCheckRenderer.ToText(empty), StringComparison.Ordinal);
    }
}
