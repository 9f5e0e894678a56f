using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LabelBot.Core.Answering;
using LabelBot.Core.Labels;
using LabelBot.Storage.Sqlite;
using LabelBot.Testing;

namespace LabelBot.Cli.Tests;

/// <summary>`ask` end to end: the printed answer object obeys ../shared/CONTRACT.md, checked against the database it came from.</summary>
public sealed partial class AskCommandTests
{
    private const string Viagra = "0b0be196-0c62-461c-94f4-9a35339b4501";

    private static readonly string[] CitationFields =
        ["n", "setId", "version", "effectiveDate", "title", "sectionCode", "sectionNumber", "sectionTitle", "passageId", "quote", "url"];

    [Theory]
    [InlineData("What are the most common side effects of ciprofloxacin?", "answer")]
    [InlineData("Can Viagra be taken with nitrates?", "answer")]
    [InlineData("What does the Allergy Relief label say about drowsiness?", "answer")]
    [InlineData("how much viagra should i take", "dosing_redirect")]
    [InlineData("how many DG Health Pain Relief caplets can I take in a day", "dosing_redirect")]
    [InlineData("since I started lipitor my legs ache all the time", "adverse_event")]
    [InlineData("my toddler swallowed a handful of allergy relief tablets", "emergency")]
    [InlineData("What are the side effects of metformin?", "out_of_scope")]
    [InlineData("What are the side effects of baclofen?", "answer")]
    public async Task Ask_json_prints_one_answer_object_that_keeps_the_contract(string question, string expectedKind)
    {
        using var database = await SeededLabelsDatabase.CopyAsync("ask");

        var run = await CliProcess.RunAsync("ask", question, "--json", "--db", database.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(expectedKind, root.GetProperty("kind").GetString());
        foreach (var field in new[] { "text", "citations", "candidates", "suggestedActions", "latencyMs" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"answer object lacks '{field}'");
        }

        var answer = AnswerJson.Deserialize(run.Stdout)!;
        await using var store = SqliteLabelStore.Open(database.Path);
        var passages = new Dictionary<string, Passage>(StringComparer.Ordinal);
        foreach (var (citation, element) in answer.Citations.Zip(root.GetProperty("citations").EnumerateArray()))
        {
            foreach (var field in CitationFields)
            {
                Assert.True(element.TryGetProperty(field, out _), $"citation {citation.N} lacks '{field}'");
            }
            var passage = await store.GetPassageAsync(citation.PassageId);
            Assert.True(passage is not null, $"citation {citation.N} cites unknown passage {citation.PassageId}");
            passages[citation.PassageId] = passage;
            Assert.Equal(passage.SetId, citation.SetId);
            Assert.Contains(Squash(citation.Quote), Squash(passage.Text), StringComparison.Ordinal);
            Assert.Equal(LabelNaming.DailyMedUrl(citation.SetId), citation.Url);
            // Added field: the label viewer at the cited version and passage (relative: no LABELBOT_PUBLIC_URL here).
            Assert.Equal($"/labels/{citation.SetId}/v{passage.Version}?passage={citation.PassageId}#p-{citation.PassageId}", element.GetProperty("viewerUrl").GetString());
            // A copy whose source states no version (an openFDA record) cites version and date as "" (never invented);
            // otherwise the version is the passage's and the date is YYYY-MM-DD.
            if (passage.Version == LabelVersions.NotStated)
            {
                Assert.Equal((string.Empty, string.Empty), (citation.Version, citation.EffectiveDate));
            }
            else
            {
                Assert.Equal(passage.Version.ToString(CultureInfo.InvariantCulture), citation.Version);
                Assert.True(DateOnly.TryParseExact(citation.EffectiveDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                    $"effectiveDate '{citation.EffectiveDate}' is not YYYY-MM-DD");
            }
        }

        var numbers = answer.Citations.Select(c => c.N).ToHashSet();
        foreach (Match marker in Marker().Matches(answer.Text))
        {
            Assert.Contains(int.Parse(marker.Groups[1].Value, CultureInfo.InvariantCulture), numbers);
        }
        if (answer.Kind == AnswerKind.Answer)
        {
            Assert.NotEmpty(answer.Citations);
        }
        if (answer.Kind is AnswerKind.DosingRedirect or AnswerKind.PersonalRedirect or AnswerKind.AdverseEvent or AnswerKind.Emergency)
        {
            // SAFETY: a redirect never states a dose in its own words (label quotes it carries are not its own words).
            var ownWords = answer.Citations.Aggregate(answer.Text, (text, c) => c.Quote.Length == 0 ? text : text.Replace(c.Quote, " ", StringComparison.Ordinal));
            Assert.False(DoseText.HasDoseAmount(ownWords), $"a {expectedKind} states a dose amount:\n{answer.Text}");
        }
        Assert.True(CitationContract.Validate(answer, passages.GetValueOrDefault).IsValid, CitationContract.Validate(answer, passages.GetValueOrDefault).ToString());
    }

    [Fact]
    public async Task Ask_prints_each_source_with_its_label_viewer_link_then_dailymed()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("ask-viewer");
        var environment = new Dictionary<string, string> { ["LABELBOT_PUBLIC_URL"] = "https://labelbot.example.org/" };

        var run = await CliProcess.RunWithEnvironmentAsync(environment, "ask", "Can Viagra be taken with nitrates?", "--db", database.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, Regex.Count(run.Stdout, "^Sources:", RegexOptions.Multiline));
        var viewerLinks = Regex.Matches(run.Stdout, @"^ +label viewer: (\S+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var dailyMedLinks = Regex.Matches(run.Stdout, @"^ +DailyMed: (\S+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(viewerLinks);
        Assert.Equal(viewerLinks.Count, dailyMedLinks.Count);
        Assert.All(viewerLinks, link => Assert.Matches($@"^https://labelbot\.example\.org/labels/{Viagra}/v\d+\?passage=[\w-]+#p-[\w-]+$", link));
        Assert.All(dailyMedLinks, link => Assert.Equal(LabelNaming.DailyMedUrl(Viagra), link));

        var invalid = await CliProcess.RunWithEnvironmentAsync(new Dictionary<string, string> { ["LABELBOT_PUBLIC_URL"] = "labelbot.example.org" }, "ask", "What is Viagra used for?", "--db", database.Path);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("LABELBOT_PUBLIC_URL", invalid.Stderr, StringComparison.Ordinal);
        Assert.Single(invalid.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Ask_on_a_missing_database_fails_and_names_the_ingest_command()
    {
        var folder = RepositoryPaths.NewTempFolder("missing-db");
        try
        {
            var missing = Path.Combine(folder, "nothing-here.db");

            var run = await CliProcess.RunAsync("ask", "What is Viagra used for?", "--db", missing);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("ingest", run.Stderr, StringComparison.Ordinal);
            Assert.Contains(missing, run.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(missing), "asking must not create the database");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Ask_on_an_empty_database_fails_and_names_the_ingest_command()
    {
        var folder = RepositoryPaths.NewTempFolder("empty-db");
        try
        {
            var empty = Path.Combine(folder, "empty.db");
            await File.WriteAllBytesAsync(empty, []);

            var run = await CliProcess.RunAsync("ask", "What is Viagra used for?", "--json", "--db", empty);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("ingest data/labels", run.Stderr, StringComparison.Ordinal);
            Assert.Equal(string.Empty, run.Stdout.Trim());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Conversation_keeps_the_product_in_focus_across_separate_processes()
    {
        using var database = await SeededLabelsDatabase.CopyAsync("conversation");
        var conversation = $"cli-test-{Guid.NewGuid():N}";

        var first = await CliProcess.RunAsync("ask", "What is Viagra used for?", "--json", "--db", database.Path, "--conversation", conversation);
        var followUp = await CliProcess.RunAsync("ask", "what about side effects?", "--json", "--db", database.Path, "--conversation", conversation);
        var stranger = await CliProcess.RunAsync("ask", "what about side effects?", "--json", "--db", database.Path, "--conversation", $"other-{conversation}");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(followUp.ExitCode == 0, followUp.ToString());
        var answer = AnswerJson.Deserialize(followUp.Stdout)!;
        Assert.Equal(AnswerKind.Answer, answer.Kind);
        Assert.NotEmpty(answer.Citations);
        Assert.All(answer.Citations, c => Assert.Equal(Viagra, c.SetId));
        // Another conversation id knows nothing about Viagra.
        Assert.NotEqual(AnswerKind.Answer, AnswerJson.Deserialize(stranger.Stdout)!.Kind);
    }

    private static string Squash(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    [GeneratedRegex(@"\[(\d{1,4})\]")]
    private static partial Regex Marker();
}
