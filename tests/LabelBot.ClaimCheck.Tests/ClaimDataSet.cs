using System.Text.Json;
using LabelBot.ClaimCheck;

namespace LabelBot.ClaimCheck.Tests;

/// <summary>One expected claim of a promotional text.</summary>
/// <param name="Why">What the label says (or why it is silent); for readers of the data file.</param>
public sealed record ExpectedClaim(string Claim, string Verdict, bool DosingAdvice, string Why)
{
    public ClaimVerdict ExpectedVerdict =>
        ClaimVerdictNames.TryParse(Verdict, out var v) ? v : throw new InvalidDataException($"unknown verdict '{Verdict}'");
}

/// <summary>A promotional text about one or two corpus drugs and the claims it must split into, in order.</summary>
public sealed record ClaimDocument(string Id, string Product, string Text, IReadOnlyList<ExpectedClaim> Claims)
{
    public override string ToString() => Id;
}

/// <summary>
/// The claim-check data sets under Data: <c>claims.jsonl</c> (development set: the rules were tuned on it),
/// <c>claims-heldout.jsonl</c> (written before the first run; general fixes followed it) and <c>claims-fresh.jsonl</c>
/// (written after tuning, run once; only a vocabulary bug it exposed was fixed).
/// </summary>
public static class ClaimDataSet
{
    public const string Development = "claims.jsonl";
    public const string HeldOut = "claims-heldout.jsonl";
    public const string Fresh = "claims-fresh.jsonl";

    public static readonly IReadOnlyList<string> All = [Development, HeldOut, Fresh];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<ClaimDocument> Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", name);
        return File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonSerializer.Deserialize<ClaimDocument>(line, Json) ?? throw new InvalidDataException($"bad line in {name}"))
            .ToList();
    }

    /// <summary>xunit member data: (file, document id) for every document of every set.</summary>
    public static TheoryData<string, string> Documents()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in All)
        {
            foreach (var document in Load(file))
            {
                data.Add(file, document.Id);
            }
        }
        return data;
    }
}
