using LabelBot.DailyMed.Client;
using LabelBot.DailyMed.Fetching;
using LabelBot.DailyMed.Updating;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Storage.Sqlite;

namespace LabelBot.DailyMed.Tests.TestSupport;

/// <summary>
/// Everything real wired together: a loopback DailyMed, a temp SQLite store, the real MiniLM embedder, the real
/// ingestor, and the DailyMed client/fetcher/updater under test.
/// </summary>
public sealed class DailyMedHarness : IAsyncDisposable
{
    private DailyMedHarness(TempDirectory temp, LoopbackDailyMed server, SqliteLabelStore store, DailyMedClient client)
    {
        Temp = temp;
        Server = server;
        Store = store;
        Client = client;
        Ingestor = new LabelIngestor(store, MiniLmEmbedder.Shared);
        Fetcher = new LabelFetcher(client, Ingestor);
        ChangeLog = new LabelChangeLog(temp.File("label-changes.jsonl"));
        Updater = new LabelUpdater(store, client, Ingestor, ChangeLog);
    }

    public TempDirectory Temp { get; }
    public LoopbackDailyMed Server { get; }
    public SqliteLabelStore Store { get; }
    public DailyMedClient Client { get; }
    public LabelIngestor Ingestor { get; }
    public LabelFetcher Fetcher { get; }
    public LabelUpdater Updater { get; }
    public LabelChangeLog ChangeLog { get; }

    public string DownloadsFolder => Client.Options.DownloadsFolder;

    public static async Task<DailyMedHarness> StartAsync(TimeSpan? requestTimeout = null)
    {
        var temp = new TempDirectory();
        var server = await LoopbackDailyMed.StartAsync();
        var store = SqliteLabelStore.Open(temp.File("labels.db"));
        var client = DailyMedClient.Create(new DailyMedOptions
        {
            BaseUrl = server.BaseUrl,
            DownloadsFolder = temp.File("downloads"),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(20),
            // The resilience handler still retries every failure, without waiting between attempts.
            RetryDelay = TimeSpan.Zero,
        });
        return new DailyMedHarness(temp, server, store, client);
    }

    /// <summary>Files (and leftover temp files) in the downloads folder.</summary>
    public IReadOnlyList<string> DownloadedFiles() =>
        Directory.Exists(DownloadsFolder)
            ? Directory.GetFiles(DownloadsFolder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Store.Dispose();
        await Server.DisposeAsync();
        Temp.Dispose();
    }
}
