using System.Collections.Concurrent;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBot.Runtime;

/// <summary>Settings of the "Labels" section: fetching a missing label when a question names its drug.</summary>
public sealed record LabelsOptions
{
    public const string SectionName = "Labels";

    /// <summary>Labels:FetchOnDemand — off by default: a deployment answers only from what an administrator loaded.</summary>
    public bool FetchOnDemand { get; init; }

    /// <summary>Labels:FetchTimeoutSeconds — longest wait for the sources (search and download) of one fetch.</summary>
    public int FetchTimeoutSeconds { get; init; } = 15;

    /// <summary>Labels:FetchRetryMinutes — after a failed fetch, the same drug is not tried again for this long.</summary>
    public int FetchRetryMinutes { get; init; } = 5;

    public void Validate()
    {
        if (FetchTimeoutSeconds is < 1 or > 120 || FetchRetryMinutes is < 0 or > 1440)
        {
            throw new ArgumentException("Labels:FetchTimeoutSeconds must be 1–120 and Labels:FetchRetryMinutes 0–1440.");
        }
    }
}

/// <summary>A label loaded on demand: the drug name asked about, the source, and the stored label version.</summary>
public sealed record OnDemandLabel(string DrugName, string Source, LabelVersionInfo Label);

/// <summary>
/// Loads the current label of a drug that has no label yet: asks each source in order (DailyMed, then any other
/// registered one), ingests the first label found and makes it resolvable. One fetch per drug at a time (concurrent
/// questions about the same drug share it), a short timeout, and a pause before a failed drug is tried again.
/// Errors are logged by kind only; drug names come from user text and are never logged.
/// </summary>
public sealed partial class OnDemandLabelService
{
    private readonly IReadOnlyList<IOnDemandLabelSource> _sources;
    private readonly Func<IReadOnlyList<string>, CancellationToken, Task> _ingest;
    private readonly ILabelStore _store;
    private readonly LabelsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<OnDemandLabel?>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _failedAt = new(StringComparer.Ordinal);

    /// <param name="ingest">Stores the downloaded files and makes them resolvable (ingest, then reload products).</param>
    public OnDemandLabelService(IReadOnlyList<IOnDemandLabelSource> sources, Func<IReadOnlyList<string>, CancellationToken, Task> ingest,
        ILabelStore store, LabelsOptions options, TimeProvider? time = null, ILogger<OnDemandLabelService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources.Count > 0 ? sources : throw new ArgumentException("At least one on-demand label source is needed.", nameof(sources));
        _ingest = ingest ?? throw new ArgumentNullException(nameof(ingest));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<OnDemandLabelService>.Instance;
    }

    /// <summary>The names of the sources, in the order they are tried.</summary>
    public IReadOnlyList<string> SourceNames => _sources.Select(s => s.Name).ToList();

    /// <summary>The stored label for the drug after fetching it, or null (no source has it, unreachable, timed out).</summary>
    public async Task<OnDemandLabel?> TryLoadAsync(string drugName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(drugName);
        var key = drugName.Trim().ToLowerInvariant();
        if (_failedAt.TryGetValue(key, out var failed) && _time.GetUtcNow() - failed < TimeSpan.FromMinutes(_options.FetchRetryMinutes))
        {
            return null;
        }
        var fetch = _inFlight.GetOrAdd(key, k => new Lazy<Task<OnDemandLabel?>>(() => LoadAsync(k)));
        try
        {
            // The shared fetch is not cancelled when one waiting question gives up; it has its own timeout.
            return await fetch.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (fetch.Value.IsCompleted)
            {
                _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<OnDemandLabel?>>>(key, fetch));
            }
        }
    }

    private async Task<OnDemandLabel?> LoadAsync(string drugName)
    {
        await Task.Yield();
        foreach (var source in _sources)
        {
            FetchedLabel? fetched;
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.FetchTimeoutSeconds), _time))
            {
                try
                {
                    fetched = await source.FetchCurrentAsync(drugName, timeout.Token);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogSourceFailed(_logger, source.Name, ex.GetType().Name);
                    continue;
                }
            }
            if (fetched is null)
            {
                continue;
            }
            try
            {
                // A downloaded, validated label is always stored whole, even if the fetch used most of its time.
                await _ingest([fetched.FilePath], CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogIngestFailed(_logger, source.Name, ex.GetType().Name);
                continue;
            }
            var labels = await _store.ListLabelsAsync(includeHistory: false, CancellationToken.None);
            if (labels.FirstOrDefault(l => string.Equals(l.SetId, fetched.SetId, StringComparison.OrdinalIgnoreCase)) is { } label)
            {
                _failedAt.TryRemove(drugName, out _);
                LogLoaded(_logger, source.Name, label.SetId, label.Version);
                return new OnDemandLabel(drugName, source.Name, label);
            }
        }
        _failedAt[drugName] = _time.GetUtcNow();
        return null;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "On-demand label fetch from {Source} failed: {ErrorKind}")]
    private static partial void LogSourceFailed(ILogger logger, string source, string errorKind);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "On-demand label from {Source} could not be ingested: {ErrorKind}")]
    private static partial void LogIngestFailed(ILogger logger, string source, string errorKind);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "On-demand label loaded from {Source}: set id {SetId} version {Version}")]
    private static partial void LogLoaded(ILogger logger, string source, string setId, int version);
}
