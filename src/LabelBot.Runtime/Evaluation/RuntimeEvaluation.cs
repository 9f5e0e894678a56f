using LabelBot.Core.Answering;

namespace LabelBot.Runtime.Evaluation;

/// <summary>
/// Runs an evaluation set through a <see cref="LabelBotRuntime"/>, the composition the bot and the CLI answer with.
/// Items that ask for another audience ("audience": "professional") run through a second runtime over the same
/// database whose only difference is that audience, so both deployments are measured by one set.
/// </summary>
public static class RuntimeEvaluation
{
    public static async Task<EvaluationReport> RunAsync(LabelBotRuntime runtime, IReadOnlyList<EvaluationItem> items,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(items);
        var deployed = runtime.Options.Answering.Audience;
        var others = new Dictionary<AnswerAudience, LabelBotRuntime>();
        try
        {
            foreach (var audience in items.Select(AudienceOf).OfType<AnswerAudience>().Where(a => a != deployed).Distinct())
            {
                others[audience] = await LabelBotRuntime.OpenAsync(runtime.Options with { Answering = WithAudience(runtime.Options.Answering, audience) },
                    cancellationToken: cancellationToken);
            }
            var runner = new EvaluationRunner(runtime.Engine, runtime.Store);
            return await runner.RunAsync(items,
                item => AudienceOf(item) is { } audience && others.TryGetValue(audience, out var other) ? other.Engine : runtime.Engine,
                progress, cancellationToken);
        }
        finally
        {
            foreach (var other in others.Values)
            {
                await other.DisposeAsync();
            }
        }
    }

    private static AnswerAudience? AudienceOf(EvaluationItem item) =>
        item.Audience is not null && Enum.TryParse<AnswerAudience>(item.Audience, ignoreCase: true, out var audience) ? audience : null;

    /// <summary>The deployment's settings with only the audience changed.</summary>
    private static AnsweringOptions WithAudience(AnsweringOptions options, AnswerAudience audience) => new()
    {
        Audience = audience,
        RetrievalLimit = options.RetrievalLimit,
        MaxAnswerSentences = options.MaxAnswerSentences,
    };
}
