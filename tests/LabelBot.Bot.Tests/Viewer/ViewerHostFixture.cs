using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Core.Retrieval;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Bot.Tests.Viewer;

/// <summary>
/// A real host over a real SQLite store holding two ingested versions of one real label: Allergy Relief (diphenhydramine)
/// version 8 from data/labels, and version 9 derived from it the way the diff tests derive one (the "When using this
/// product" list reworded and extended) plus a paragraph of hostile markup, so every page must encode label text.
/// </summary>
public sealed class ViewerHostFixture : IAsyncLifetime
{
    public const string SetId = "5015a380-a229-4eff-8e31-528065c6ed64";
    public const string LabelFile = "diphenhydramine-hydrochloride-5015a380.xml";
    public const int OldVersion = 8;
    public const int NewVersion = 9;

    /// <summary>Label text that would run script or inject markup if a page did not encode it.</summary>
    public const string HostileText = "Ask a doctor <script>alert('label')</script><img src=x onerror=alert(1)> & \"quote\" 'apostrophe' </p><h1>fake</h1>";

    private DirectoryInfo? _folder;

    internal RunningBotHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("labelbot-viewer-");
        var database = Path.Combine(_folder.FullName, "labels.db");
        using (var store = SqliteLabelStore.Open(database))
        {
            await IngestTwoVersionsAsync(store, _folder.FullName);
        }
        Host = await RunningBotHost.StartAsync(database, RunningBotHost.TestDeadlines);
        Assert.Equal(1, await Host.WaitUntilReadyAsync(TimeSpan.FromMinutes(5)));
    }

    /// <summary>Ingests version 8 (shipped) then version 9 (derived, written to <paramref name="folder"/>) into any label store.</summary>
    public static async Task IngestTwoVersionsAsync(ILabelStore store, string folder)
    {
        var original = Path.Combine(RepoPaths.LabelsFolder, LabelFile);
        var bumped = Path.Combine(folder, "allergy-relief-v9.xml");
        await File.WriteAllBytesAsync(bumped, SplEditor.BumpVersion(File.ReadAllBytes(original), new DateOnly(2026, 1, 15), section =>
        {
            SplEditor.RewordWhenUsing(section);
            SplEditor.AppendParagraph(HostileText)(section);
        }));
        // Vectors follow from the host in the background: the viewer needs the stored text only.
        var ingestor = new LabelIngestor(store, MiniLmEmbedder.Shared) { EmbedLater = true };
        Assert.Equal(1, (await ingestor.IngestAsync([original])).Added);
        Assert.Equal(1, (await ingestor.IngestAsync([bumped])).Superseded);
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder?.Delete(recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ViewerHostCollection : ICollectionFixture<ViewerHostFixture>
{
    public const string Name = "Label viewer host";
}
