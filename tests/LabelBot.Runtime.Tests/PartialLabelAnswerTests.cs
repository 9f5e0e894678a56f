using LabelBot.ClaimCheck;
using LabelBot.Core.Answering;
using LabelBot.Runtime;

namespace LabelBot.Testing;

/// <summary>
/// The shipped baclofen openFDA record (no version, no date, seven sections) through the real runtime over a real SQLite
/// database: answers cite "version not stated", and what its sections do not answer names the sections this copy lacks.
/// </summary>
public sealed class PartialLabelAnswerTests : IAsyncLifetime
{
    private const string BaclofenSetId = "00c6c924-ddfd-4a75-afd7-f6561ff9abbc";
    private const string MissingSentence = "This copy of the BACLOFEN label has no Precautions, Description or How Supplied section";

    private readonly string _folder = RepositoryPaths.NewTempFolder("partial-label");
    private LabelBotRuntime? _runtime;

    private LabelBotRuntime Runtime => _runtime ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync()
    {
        _runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(Path.Combine(_folder, "labels.db")));
        var report = await _runtime.IngestAsync([
            Path.Combine(RepositoryPaths.LabelsFolder, "baclofen-00c6c924.json"),
            Path.Combine(RepositoryPaths.LabelsFolder, "naloxone-hcl-ebf0f833.xml"),
        ]);
        Assert.Equal(2, report.Added);
    }

    public async Task DisposeAsync()
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task An_answer_from_the_record_says_version_not_stated_and_links_dailymed_by_set_id()
    {
        var answer = await Runtime.Engine.AnswerAsync(new AnswerRequest("What is baclofen used for?"));

        Assert.Equal(AnswerKind.Answer, answer.Kind);
        Assert.NotEmpty(answer.Citations);
        Assert.All(answer.Citations, c =>
        {
            Assert.Equal(BaclofenSetId, c.SetId);
            Assert.Equal(string.Empty, c.Version);
            Assert.Equal(string.Empty, c.EffectiveDate);
            Assert.EndsWith("setid=" + BaclofenSetId, c.Url, StringComparison.Ordinal);
        });
        Assert.Contains("(version not stated)", answer.Text, StringComparison.Ordinal);
        Assert.Contains("BACLOFEN, version not stated, Indications and Usage", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("0001-01-01", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("version 0", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_in_label_on_the_partial_record_names_the_sections_this_copy_lacks()
    {
        var answer = await Runtime.Engine.AnswerAsync(new AnswerRequest("How should baclofen tablets be stored?"));

        Assert.Equal(AnswerKind.NotInLabel, answer.Kind);
        Assert.Contains(MissingSentence, answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("does not mention", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("has no storage section", answer.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Not_in_label_on_a_complete_label_still_says_the_label_is_silent()
    {
        var answer = await Runtime.Engine.AnswerAsync(new AnswerRequest("Does Kloxxado contain gluten?"));

        Assert.Equal(AnswerKind.NotInLabel, answer.Kind);
        Assert.DoesNotContain("This copy of", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brand_names_resolve_to_the_record()
    {
        var answer = await Runtime.Engine.AnswerAsync(new AnswerRequest("Does Lioresal cause drowsiness?"));

        Assert.Equal(AnswerKind.Answer, answer.Kind);
        Assert.All(answer.Citations, c => Assert.Equal(BaclofenSetId, c.SetId));
        Assert.Contains(answer.Citations, c => c.Quote.Contains("drowsiness", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_claim_the_partial_record_cannot_settle_names_the_missing_sections()
    {
        var report = await Runtime.ClaimChecker.CheckAsync("Baclofen tablets must be stored in a refrigerator.");

        var claim = Assert.Single(report.Claims);
        Assert.Equal(ClaimVerdict.NotInLabel, claim.Verdict);
        Assert.StartsWith(MissingSentence, claim.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_of_efficacy_where_the_record_says_it_is_not_established_is_contradicted()
    {
        var report = await Runtime.ClaimChecker.CheckAsync("Baclofen is effective for stroke spasticity.");

        var claim = Assert.Single(report.Claims);
        Assert.Equal(ClaimVerdict.Contradicted, claim.Verdict);
        Assert.Contains(claim.Citations, c => c.Quote.Contains("stroke", StringComparison.Ordinal));
    }
}
