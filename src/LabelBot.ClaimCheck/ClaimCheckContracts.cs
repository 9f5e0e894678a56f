using System.Text.Json.Serialization;
using LabelBot.Core.Answering;

namespace LabelBot.ClaimCheck;

/// <summary>What the label says about a claim. JSON names are snake_case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ClaimVerdict>))]
public enum ClaimVerdict
{
    /// <summary>The label says it.</summary>
    [JsonStringEnumMemberName("supported")] Supported,

    /// <summary>The label says otherwise: a number, route, population or negation disagrees.</summary>
    [JsonStringEnumMemberName("contradicted")] Contradicted,

    /// <summary>The label does not say it (prices, surveys, unreported studies, off-label uses).</summary>
    [JsonStringEnumMemberName("not_in_label")] NotInLabel,
}

public static class ClaimVerdictNames
{
    public static string ToWire(this ClaimVerdict verdict) => verdict switch
    {
        ClaimVerdict.Supported => "supported",
        ClaimVerdict.Contradicted => "contradicted",
        ClaimVerdict.NotInLabel => "not_in_label",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };

    public static bool TryParse(string wire, out ClaimVerdict verdict)
    {
        foreach (var v in Enum.GetValues<ClaimVerdict>())
        {
            if (string.Equals(v.ToWire(), wire, StringComparison.OrdinalIgnoreCase))
            {
                verdict = v;
                return true;
            }
        }
        verdict = default;
        return false;
    }
}

/// <summary>The label a claim was checked against.</summary>
public sealed record ClaimProduct(string SetId, string Title);

/// <summary>
/// One claim with its verdict. <see cref="Citations"/> quote the label verbatim (a substring of the cited passage);
/// a <see cref="ClaimVerdict.NotInLabel"/> verdict has none. <see cref="IsDosingAdvice"/> marks an instruction to take or
/// give the drug: it is reported, never endorsed.
/// </summary>
/// <remarks>
/// A claim about a drug with no ingested label keeps the verdict <see cref="ClaimVerdict.NotInLabel"/> (the three-value
/// contract stands) and names the drug in <see cref="NoLabelFor"/>; it is never judged against another product's label.
/// </remarks>
public sealed record CheckedClaim(
    int N,
    string Claim,
    ClaimVerdict Verdict,
    IReadOnlyList<Citation> Citations,
    string Rationale,
    bool IsDosingAdvice,
    ClaimProduct? Product)
{
    /// <summary>The drug(s) the claim is about when no label is loaded for them; null (and absent from JSON) otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NoLabelFor { get; init; }
}

public sealed record ClaimCheckCounts(int Total, int Supported, int Contradicted, int NotInLabel, int DosingAdvice)
{
    /// <summary>Claims (counted in <see cref="NotInLabel"/>) about a drug with no label loaded; absent from JSON when 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int NoLabel { get; init; }

    public static ClaimCheckCounts Of(IReadOnlyList<CheckedClaim> claims) => new(
        claims.Count,
        claims.Count(c => c.Verdict == ClaimVerdict.Supported),
        claims.Count(c => c.Verdict == ClaimVerdict.Contradicted),
        claims.Count(c => c.Verdict == ClaimVerdict.NotInLabel),
        claims.Count(c => c.IsDosingAdvice))
    {
        NoLabel = claims.Count(c => c.NoLabelFor is not null),
    };
}

/// <summary>The result of checking one text: what `check --json` prints and every channel renders.</summary>
/// <param name="Mode">"extractive", or "llm" when a model judged at least one claim and its citations verified.</param>
public sealed record ClaimCheckReport(
    IReadOnlyList<CheckedClaim> Claims,
    ClaimCheckCounts Counts,
    string Mode,
    long LatencyMs);
