using LabelBot.Core.Retrieval;
using LabelBot.Core.Storage;
using LabelBot.Search.Retrieval;

namespace LabelBot.Benchmarks;

/// <summary>One opened label store of a scale run: what the pipeline needs from it, and how big it is.</summary>
public sealed class ScaleStore : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<long>> _size;
    private readonly Func<ValueTask> _dispose;

    public ScaleStore(ILabelHistoryStore store, IRetrievalIndex index, string location, Func<CancellationToken, Task<long>> size, Func<ValueTask> dispose)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        Index = index ?? throw new ArgumentNullException(nameof(index));
        Location = location ?? throw new ArgumentNullException(nameof(location));
        _size = size ?? throw new ArgumentNullException(nameof(size));
        _dispose = dispose ?? throw new ArgumentNullException(nameof(dispose));
    }

    public ILabelHistoryStore Store { get; }

    public IRetrievalIndex Index { get; }

    /// <summary>Where the store lives (file path or host:port/database), safe to print.</summary>
    public string Location { get; }

    /// <summary>Bytes on disk (SQLite file with its WAL; pg_database_size for PostgreSQL).</summary>
    public Task<long> SizeBytesAsync(CancellationToken cancellationToken = default) => _size(cancellationToken);

    public ValueTask DisposeAsync() => _dispose();
}

/// <summary>A storage engine benchmarked at several corpus multiples, one separate store per multiple.</summary>
public interface IScaleBackend
{
    /// <summary>Shown in tables: "SQLite", "PostgreSQL".</summary>
    string Name { get; }

    /// <summary>Used on command lines and in file names: "sqlite", "postgres".</summary>
    string Key { get; }

    /// <summary>Opens (creating if needed) the store that holds the corpus at <paramref name="multiple"/>.</summary>
    Task<ScaleStore> OpenAsync(int multiple, CancellationToken cancellationToken = default);

    /// <summary>Empties the store of <paramref name="multiple"/> (it held labels of another corpus).</summary>
    Task ResetAsync(int multiple, CancellationToken cancellationToken = default);
}
