using System.Globalization;
using LabelBot.Search.Embedding;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Benchmarks;

/// <summary>One SQLite file per multiple in the work folder (sqlite-10x.db …), kept between runs.</summary>
public sealed class SqliteScaleBackend(string workFolder, int dimensions = MiniLmEmbedder.VectorDimensions) : IScaleBackend
{
    public string Name => "SQLite";

    public string Key => "sqlite";

    public string WorkFolder { get; } = Path.GetFullPath(workFolder ?? throw new ArgumentNullException(nameof(workFolder)));

    public string PathOf(int multiple) => Path.Combine(WorkFolder, string.Create(CultureInfo.InvariantCulture, $"sqlite-{multiple}x.db"));

    public Task<ScaleStore> OpenAsync(int multiple, CancellationToken cancellationToken = default)
    {
        var path = PathOf(multiple);
        var store = SqliteLabelStore.Open(path, dimensions);
        return Task.FromResult(new ScaleStore(store, store, path, _ => Task.FromResult(FileBytes(path)), store.DisposeAsync));
    }

    public Task ResetAsync(int multiple, CancellationToken cancellationToken = default)
    {
        var path = PathOf(multiple);
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
        return Task.CompletedTask;
    }

    private static long FileBytes(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
}
