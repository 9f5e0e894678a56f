using LabelBot.Bot.Backend;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LabelBot.Bot.Tests.Backend;

/// <summary>A label stored with `ingest --embed later` gets its vectors from the host, in the background, once it is ready.</summary>
public sealed class BackgroundVectorFillTests
{
    [Fact]
    public async Task Host_fills_the_vectors_of_a_label_ingested_without_them()
    {
        var folder = Directory.CreateTempSubdirectory("labelbot-vectorfill-");
        try
        {
            var database = Path.Combine(folder.FullName, "labels.db");
            var label = Path.Combine(RepoPaths.LabelsFolder, "acetaminophen-42f0c87c.xml");
            using (var store = SqliteLabelStore.Open(database))
            {
                var report = await new LabelIngestor(store, MiniLmEmbedder.Shared) { EmbedLater = true }.IngestAsync([label]);
                Assert.Equal(1, report.Added);
                Assert.Equal(0, Assert.Single(await store.GetVectorCoverageAsync()).WithVectors);
            }

            await using (var host = await RunningBotHost.StartAsync(database))
            {
                Assert.Equal(1, await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)));
                var startup = host.App.Services.GetServices<IHostedService>().OfType<BackendStartupService>().Single();
                await startup.VectorFillCompletion;
            }

            using var reopened = SqliteLabelStore.Open(database);
            var coverage = Assert.Single(await reopened.GetVectorCoverageAsync());
            Assert.True(coverage.Complete, $"{coverage.WithVectors}/{coverage.Passages} passages have vectors");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
