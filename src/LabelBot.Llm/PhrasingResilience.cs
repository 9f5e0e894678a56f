using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace LabelBot.Llm;

/// <summary>
/// The Polly pipeline around one phrasing call, outermost first:
/// circuit breaker (one failure per turn) → overall deadline → retry with jitter → per-attempt timeout.
/// The breaker sits outside the deadline so a turn that ran out of time counts as a failure.
/// </summary>
internal static class PhrasingResilience
{
    // A run of failures within this window opens the circuit; a single success in it keeps the circuit closed.
    private static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(2);

    public static ResiliencePipeline<string> Build(LlmOptions options, TimeProvider? timeProvider = null)
    {
        var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
        var builder = new ResiliencePipelineBuilder<string> { TimeProvider = timeProvider ?? TimeProvider.System };

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<string>
        {
            FailureRatio = 1.0,
            MinimumThroughput = options.BreakAfterFailures,
            SamplingDuration = FailureWindow,
            BreakDuration = TimeSpan.FromSeconds(options.BreakSeconds),
            // The caller giving up (user left) says nothing about the service's health.
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } e && !(e is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
        });

        builder.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<string>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(2),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && LlmFailure.IsTransient(e, maxRetryAfter)),
                // Honour a short Retry-After; null falls back to the jittered backoff.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e ? LlmFailure.RetryAfterOf(e) : null),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(options.EffectiveAttemptTimeoutSeconds) });
        return builder.Build();
    }
}
