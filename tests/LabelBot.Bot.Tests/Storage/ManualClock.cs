namespace LabelBot.Bot.Tests.Storage;

/// <summary>A clock the test sets: data can be written "40 days ago" without waiting.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
