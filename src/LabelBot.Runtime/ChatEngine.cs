using System.Diagnostics;
using System.Globalization;
using LabelBot.ClaimCheck;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Answering.Routing;
using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Chat;

namespace LabelBot.Runtime;

/// <summary>
/// What a chat turn runs: the answer engine, plus the turns it does not handle itself — "check this: …" (claim check),
/// "what changed in the latest X label?" (version diff) and questions about a withdrawn label.
/// The turn is routed and its products resolved once, here (the answer engine's <see cref="AnswerEngine.Routing"/>),
/// and handed on as a <see cref="RoutedTurn"/>: the answer engine never routes or resolves it again.
/// SAFETY: the router runs first; emergencies, escalations, adverse events and dosing or personal questions always go
/// to the answer engine, so no special turn can bury an emergency reply or sidestep a redirect. With on-demand labels on,
/// a label question naming a real drug (known from the alias lists) with no label loaded fetches that label first.
/// </summary>
public sealed class ChatEngine(
    AnswerEngine answers,
    ILabelHistoryStore history,
    ClaimChecker claimChecker,
    OnDemandLabelService? onDemand = null,
    Func<string, bool>? isKnownDrugName = null) : IAnswerEngine
{
    public async Task<AnswerResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var routed = answers.Routing.Route(request);
        if (routed.Route.Kind != AnswerKind.Answer)
        {
            return await answers.AnswerAsync(routed, cancellationToken);
        }

        AnswerResult? special = null;
        if (ClaimCheckTrigger.TryGetText(routed.Question, out var claims))
        {
            special = ClaimCheckAnswer.From(await claimChecker.CheckAsync(claims, cancellationToken: cancellationToken));
        }
        else
        {
            routed = await answers.Routing.WithProductsAsync(routed, cancellationToken);
            if (routed.Products!.Matches.FirstOrDefault() is not { } match)
            {
                special = await AnswerFromOnDemandLabelAsync(routed, cancellationToken);
            }
            else if (match.Label.IsWithdrawn)
            {
                special = WithdrawnLabelNotice.Compose(match.Label);
            }
            else if (LabelChangeQuestion.IsMatch(routed.Question))
            {
                special = await new LabelChangeAnswerer(history).AnswerAsync(match.Label, cancellationToken);
            }
        }
        return special is null
            ? await answers.AnswerAsync(routed, cancellationToken)
            : special with { LatencyMs = (long)Stopwatch.GetElapsedTime(routed.StartedAt).TotalMilliseconds };
    }

    /// <summary>
    /// Fetches the label of the real drug the question names, then answers from it, saying it was just retrieved.
    /// Null (answer as usual: "no label loaded, how to load it") when off, no real drug is named, or the fetch failed.
    /// </summary>
    private async Task<AnswerResult?> AnswerFromOnDemandLabelAsync(RoutedTurn routed, CancellationToken cancellationToken)
    {
        if (onDemand is null || isKnownDrugName is null)
        {
            return null;
        }
        // Only a real drug name the user typed as such: a misspelling's guess ("flurbozamine" → fluvoxamine) fetches nothing.
        var typed = routed.Question.ToLowerInvariant().Split([' ', ',', '.', '?', '!', ';', ':', '"', '\'', '(', ')', '/'], StringSplitOptions.RemoveEmptyEntries);
        var drug = routed.Products!.UnknownNames
            .FirstOrDefault(name => isKnownDrugName(name) && typed.Contains(name, StringComparer.Ordinal));
        if (drug is null || await onDemand.TryLoadAsync(drug, cancellationToken) is not { } loaded)
        {
            return null;
        }
        // The store just gained a label: the products are resolved again against it (the route stands).
        var answer = await answers.AnswerAsync(routed with { Products = null }, cancellationToken);
        if (answer.Kind is AnswerKind.OutOfScope)
        {
            return answer; // the new label does not answer to the name asked: say nothing about it
        }
        var notice = PromptCatalog.Default.Render("label-just-retrieved", new Dictionary<string, string>
        {
            ["drug"] = drug,
            ["source"] = loaded.Source,
            ["title"] = loaded.Label.DisplayName,
            ["version"] = loaded.Label.Version.ToString(CultureInfo.InvariantCulture),
            ["date"] = loaded.Label.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        return answer with { Text = notice + "\n\n" + answer.Text };
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
