using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Storage.Postgres;

namespace LabelBot.Bot.Tests.Viewer;

/// <summary>The same viewer pages from a host whose labels live in PostgreSQL (the store contract, not SQLite, serves them).</summary>
public sealed class PostgresLabelViewerTests
{
    private const string SetId = ViewerHostFixture.SetId;

    [PostgresFact]
    public async Task Versions_notice_changes_and_cited_passage_work_on_postgresql()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("viewer");
        var folder = Directory.CreateTempSubdirectory("labelbot-viewer-pg-");
        try
        {
            await using (var db = PostgresDatabase.Open(database.ConnectionString))
            await using (var store = await PostgresLabelStore.OpenAsync(db))
            {
                await ViewerHostFixture.IngestTwoVersionsAsync(store, folder.FullName);
            }
            var settings = new Dictionary<string, string>(RunningBotHost.TestDeadlines)
            {
                ["Storage:Provider"] = "Postgres",
                ["Storage:ConnectionString"] = database.ConnectionString,
            };
            await using var host = await RunningBotHost.StartAsync(Path.Combine(folder.FullName, "unused.db"), settings);
            Assert.Equal(1, await host.WaitUntilReadyAsync(TimeSpan.FromMinutes(5)));

            var old = await ViewerPages.GetAsync(host.Http, $"labels/{SetId}/v8");
            Assert.Contains("<strong>Not the current version.</strong>", old, StringComparison.Ordinal);
            Assert.Contains($"<a href=\"/labels/{SetId}\">Go to the current version (version 9)</a>", old, StringComparison.Ordinal);

            var current = await ViewerPages.GetAsync(host.Http, $"labels/{SetId}");
            var passageId = System.Text.RegularExpressions.Regex.Match(current, @"<div class=""passage"" id=""p-([^""]+)""").Groups[1].Value;
            var cited = await ViewerPages.GetAsync(host.Http, $"labels/{SetId}/v9?passage={passageId}");
            Assert.Contains("class=\"passage cited\"", ViewerPages.PassageElement(cited, passageId), StringComparison.Ordinal);

            var changes = await ViewerPages.GetAsync(host.Http, $"labels/{SetId}/changes?from=8&to=9");
            Assert.Matches(new System.Text.RegularExpressions.Regex($@"<span class=""tag"">Added:</span> <ins>[^<]*{System.Text.RegularExpressions.Regex.Escape(SplEditor.AddedItem)}"), changes);
            Assert.Contains("<span class=\"tag\">Removed:</span> <del>", changes, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
