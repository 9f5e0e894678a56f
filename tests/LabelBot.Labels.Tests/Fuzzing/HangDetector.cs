namespace LabelBot.Labels.Tests.Fuzzing;

/// <summary>
/// Runs work on the thread pool and fails if it has not finished within a generous bound. This detects hangs (an
/// endless loop, a catastrophic regex); it is not a performance assertion, so the bound is far above normal run time.
/// </summary>
internal static class HangDetector
{
    /// <summary>10 s, plus 3 s for every MB of input: many times the normal run time even on a loaded 2-core machine.</summary>
    public static TimeSpan BoundFor(long inputBytes) => TimeSpan.FromSeconds(10 + (3.0 * inputBytes / (1024 * 1024)));

    public static async Task<T> RunAsync<T>(Func<T> work, TimeSpan bound, string what)
    {
        var task = Task.Run(work);
        try
        {
            return await task.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            // The work cannot be aborted; it is abandoned and the test fails with what was being done.
            throw new Xunit.Sdk.XunitException($"HANG: {what} did not finish within {bound.TotalSeconds:0} s");
        }
    }

    public static async Task<T> AwaitAsync<T>(Func<Task<T>> work, TimeSpan bound, string what)
    {
        var task = Task.Run(work);
        try
        {
            return await task.WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"HANG: {what} did not finish within {bound.TotalSeconds:0} s");
        }
    }
}
