using System.Diagnostics;
using Microsoft.Bot.Builder;

namespace LabelBot.Bot.Telemetry;

/// <summary>First in both adapters' pipelines: wraps every turn in its span and records the turn metrics when it ends.</summary>
public sealed class TurnTelemetryMiddleware(BotTelemetry telemetry) : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        var channel = BotTelemetry.ChannelTag(turnContext.Activity.ChannelId);
        var outcome = new TurnOutcome();
        turnContext.TurnState.Set(outcome);
        using var span = telemetry.StartTurn(channel, BotTelemetry.ActivityTypeTag(turnContext.Activity.Type));
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(cancellationToken);
        }
        catch
        {
            outcome.Route = TurnRoutes.Error;
            throw;
        }
        finally
        {
            telemetry.RecordTurn(span, channel, outcome, Stopwatch.GetElapsedTime(started));
        }
    }
}
