using System.Text.Json;
using System.Text.RegularExpressions;
using LabelBot.Core.Answering;
using Xunit.Abstractions;

namespace LabelBot.Llm.Tests.Faithfulness;

/// <summary>One scripted model reply from Data/phrasing-cases.jsonl.</summary>
/// <param name="Reply">The model's text; "{p:REGEX}" becomes the number of the first prompt passage whose heading or text matches.</param>
/// <param name="Faithful">True when every sentence says what its cited passage says (it must be shown); false when it misstates the label (it must never be shown).</param>
/// <param name="Kind">What kind of misstatement or paraphrase it is, for the report.</param>
/// <param name="KnownDrop">For a faithful reply the strict check is known to drop: why (the price of strictness, counted in the kept share).</param>
public sealed record PhrasingCase(string Id, string Question, bool Faithful, string Kind, string Reply, string? KnownDrop = null)
{
    public override string ToString() => Id;
}

/// <summary>What the user saw for one case.</summary>
internal sealed record PhrasingOutcome(PhrasingCase Case, bool Shown, bool FellBack, string? Problem);

/// <summary>
/// Issue 19: a sentence that misstates the label must never reach the user, and faithful phrasing must still be shown.
/// Every case runs the whole turn: real labels, retrieval and engine, the real phraser over a loopback chat-completions
/// server that returns the scripted reply, then verification and the fallback to extracts. An unfaithful reply counts as
/// removed when none of its sentences is in what the user sees; a faithful one counts as kept when all of them are.
/// </summary>
public sealed partial class PhrasingFaithfulnessTests(PhrasingCorpus corpus, ITestOutputHelper output) : IClassFixture<PhrasingCorpus>
{
    private const double RequiredKeptShare = 0.9;

    public static TheoryData<PhrasingCase> Cases()
    {
        var data = new TheoryData<PhrasingCase>();
        foreach (var item in LoadCases())
        {
            data.Add(item);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Unfaithful_replies_never_reach_the_user_and_faithful_ones_are_shown(PhrasingCase item)
    {
        var outcome = await RunAsync(item);

        Assert.Null(outcome.Problem);
        if (item.Faithful && item.KnownDrop is null)
        {
            Assert.True(outcome.Shown, $"{item.Id}: a faithful reply was not shown (fell back to extracts: {outcome.FellBack})");
        }
        else if (!item.Faithful)
        {
            Assert.False(outcome.Shown, $"{item.Id}: a reply that misstates the label reached the user");
        }
    }

    [Fact]
    public async Task All_unfaithful_replies_are_removed_and_at_least_nine_in_ten_faithful_ones_kept()
    {
        var outcomes = new List<PhrasingOutcome>();
        foreach (var item in LoadCases())
        {
            outcomes.Add(await RunAsync(item));
        }

        Assert.All(outcomes, o => Assert.True(o.Problem is null, $"{o.Case.Id}: {o.Problem}"));
        var unfaithful = outcomes.Where(o => !o.Case.Faithful).ToList();
        var faithful = outcomes.Where(o => o.Case.Faithful).ToList();
        var removed = unfaithful.Count(o => !o.Shown);
        var kept = faithful.Count(o => o.Shown);
        output.WriteLine($"unfaithful replies removed: {removed}/{unfaithful.Count} ({Share(removed, unfaithful.Count):P1}); " +
            $"faithful replies kept: {kept}/{faithful.Count} ({Share(kept, faithful.Count):P1})");
        foreach (var group in unfaithful.GroupBy(o => o.Case.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {group.Key}: {group.Count(o => !o.Shown)}/{group.Count()} removed");
        }
        foreach (var o in outcomes.Where(o => o.Case.Faithful != o.Shown))
        {
            output.WriteLine($"  {(o.Case.Faithful ? "faithful dropped" : "UNFAITHFUL SHOWN")}: {o.Case.Id}");
        }

        Assert.True(unfaithful.Count >= 40 && faithful.Count >= 20, "the suite needs at least 40 unfaithful and 20 faithful replies");
        Assert.Equal(unfaithful.Count, removed);
        Assert.True(Share(kept, faithful.Count) >= RequiredKeptShare, $"only {kept}/{faithful.Count} faithful replies kept");
    }

    private async Task<PhrasingOutcome> RunAsync(PhrasingCase item)
    {
        var offline = await corpus.AnswerOfflineAsync(item.Question);
        string? unresolved = null;
        var sentences = new List<string>();
        corpus.Script = passages =>
        {
            var reply = Placeholder().Replace(item.Reply, m =>
            {
                var pattern = new Regex(m.Groups[1].Value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                var passage = passages.FirstOrDefault(p => pattern.IsMatch($"{p.Header}\n{p.Text}"));
                unresolved ??= passage is null ? m.Groups[1].Value : null;
                return passage?.N.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "99";
            });
            sentences.AddRange(SentenceEnd().Split(reply).Select(Claim).Where(s => s.Length > 0));
            return reply;
        };
        var before = corpus.RequestCount;
        var answer = await corpus.AnswerWithModelAsync(item.Question);

        if (corpus.RequestCount == before)
        {
            return new PhrasingOutcome(item, false, true, $"the model was never asked (answer kind {answer.Kind.ToWire()})");
        }
        if (unresolved is not null)
        {
            return new PhrasingOutcome(item, false, true, $"no prompt passage matches {{p:{unresolved}}}");
        }
        var fellBack = answer.Text == offline.Text;
        var seen = Claim(answer.Text);
        var shown = !fellBack && answer.Kind == AnswerKind.Answer && (item.Faithful
            ? sentences.All(s => seen.Contains(s, StringComparison.Ordinal))
            : sentences.Any(s => seen.Contains(s, StringComparison.Ordinal)));
        return new PhrasingOutcome(item, shown, fellBack, null);
    }

    /// <summary>Text without citation markers, white space collapsed: what a sentence says.</summary>
    private static string Claim(string text) => Whitespace().Replace(Marker().Replace(text, " "), " ").Replace(" .", ".", StringComparison.Ordinal).Trim();

    private static double Share(int part, int whole) => whole == 0 ? 1 : part / (double)whole;

    private static IReadOnlyList<PhrasingCase> LoadCases()
    {
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "phrasing-cases.jsonl"))
            .Where(line => line.Trim().Length > 0)
            .Select(line => JsonSerializer.Deserialize<PhrasingCase>(line, options) ?? throw new InvalidDataException(line))
            .ToList();
    }

    [GeneratedRegex(@"\{p:((?:\\.|[^}\\])*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<=[.!?](?:\s*\[[^\]]*\])*)\s+(?=[A-Z])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
