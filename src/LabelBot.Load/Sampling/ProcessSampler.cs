using System.Diagnostics;

namespace LabelBot.Load.Sampling;

/// <summary>A reading taken <see cref="ElapsedSeconds"/> after the measured run started; CPU is the process's total so far.</summary>
public sealed record ProcessSample(double ElapsedSeconds, long WorkingSetBytes, long? ManagedHeapBytes, double? CpuSeconds = null);

/// <summary>Reads a probe at a fixed interval in the background until stopped.</summary>
internal sealed class ProcessSampler : IAsyncDisposable
{
    private readonly IProcessProbe _probe;
    private readonly List<ProcessSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    private ProcessSampler(IProcessProbe probe, TimeSpan interval)
    {
        _probe = probe;
        TakeSample();
        _loop = RunAsync(interval);
    }

    public static ProcessSampler Start(IProcessProbe probe, TimeSpan interval) => new(probe, interval);

    /// <summary>Stops sampling (one last reading is taken) and returns every sample in time order.</summary>
    public async Task<IReadOnlyList<ProcessSample>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        TakeSample();
        lock (_samples)
        {
            return [.. _samples];
        }
    }

    private async Task RunAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                TakeSample();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the run is over.
        }
    }

    private void TakeSample()
    {
        if (_probe.Read() is not { } reading)
        {
            return;
        }
        lock (_samples)
        {
            _samples.Add(new ProcessSample(_clock.Elapsed.TotalSeconds, reading.WorkingSetBytes, reading.ManagedHeapBytes, reading.CpuTime?.TotalSeconds));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
        }
        _stop.Dispose();
    }
}
