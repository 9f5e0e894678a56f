using System.Diagnostics;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Routing;
using LabelBot.Core.ClaimCheck;
using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Chat;

namespace LabelBot.Runtime;

/// <summary>
/// What a chat turn runs: the answer engine, plus the turns it does not handle itself — "check this: …" (claim check),
/// "what changed in the latest X label?" (version diff) and questions about a withdrawn label.
/// SAFETY: the router runs first; emergencies, escalations, adverse events and dosing or personal questions always go
/// to the answer engine, so no special turn can bury an emergency reply or sidestep a redirect.
/// </summary>
public sealed class ChatEngine(
    IAnswerEngine answers,
    QuestionRouter router,
    IProductResolver resolver,
    ILabelHistoryStore history,
    ClaimChecker claimChecker) : IAnswerEngine
{
    public async Task<AnswerResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watch = Stopwatch.StartNew();
        var route = router.Route(request.Question);
        if (route.Kind != AnswerKind.Answer)
        {
            return await answers.AnswerAsync(request, cancellationToken);
        }

        AnswerResult? special = null;
        if (ClaimCheckTrigger.TryGetText(request.Question, out var claims))
        {
            special = ClaimCheckAnswer.From(await claimChecker.CheckAsync(claims, cancellationToken: cancellationToken));
        }
        else if ((await resolver.ResolveAsync(request.Question, cancellationToken)).FirstOrDefault() is { } match)
        {
            if (match.Label.IsWithdrawn)
            {
                special = WithdrawnLabelNotice.Compose(match.Label);
            }
            else if (LabelChangeQuestion.IsMatch(request.Question))
            {
                special = await new LabelChangeAnswerer(history).AnswerAsync(match.Label, cancellationToken);
            }
        }
        return special is null
            ? await answers.AnswerAsync(request, cancellationToken)
            : special with { LatencyMs = watch.ElapsedMilliseconds };
    }
}

/// <summary>A claim-check report as a chat answer: the verdict list as text, the verdicts' citations renumbered in order.</summary>
public static class ClaimCheckAnswer
{
    public static AnswerResult From(ClaimCheckReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var citations = report.Claims.SelectMany(c => c.Citations).DistinctBy(c => c.N).OrderBy(c => c.N).ToList();
        var kind = citations.Count > 0 ? AnswerKind.Answer : AnswerKind.NotInLabel;
        return new AnswerResult(kind, ClaimCheckRenderer.ToText(report), citations, [], [SuggestedActions.TalkToPharmacist], report.LatencyMs);
    }
}
