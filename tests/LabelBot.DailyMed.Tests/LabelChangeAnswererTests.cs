using LabelBot.Core.Answering;
using LabelBot.DailyMed.Chat;
using LabelBot.DailyMed.Tests.TestSupport;

namespace LabelBot.DailyMed.Tests;

/// <summary>"What changed in the latest … label?" answered from the diff, citing the new version.</summary>
public sealed class LabelChangeAnswererTests : IAsyncLifetime
{
    private DailyMedHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await DailyMedHarness.StartAsync();
        if (SplCorpus.Folder is null)
        {
            return;
        }
        _h.Server.Publish(SplCorpus.Bytes(SplCorpus.AllergyRelief), "Allergy Relief");
        Assert.True((await _h.Fetcher.FetchBySetIdAsync(SplCorpus.AllergyReliefSetId)).Succeeded);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SplFact]
    public async Task The_answer_quotes_the_new_sentences_and_cites_the_new_version()
    {
        _h.Server.Publish(SplEditor.BumpVersion(SplCorpus.Bytes(SplCorpus.AllergyRelief), new DateOnly(2026, 1, 15), SplEditor.RewordWhenUsing), "Allergy Relief");
        await _h.Updater.UpdateAllAsync();
        var current = Assert.Single(await _h.Store.ListLabelsAsync());

        var answer = await new LabelChangeAnswerer(_h.Store).AnswerAsync(current);

        Assert.Equal(AnswerKind.Answer, answer.Kind);
        Assert.StartsWith("Compared with version 8 (effective 2025-10-31), the current Allergy Relief (diphenhydramine hydrochloride) label (version 9, effective 2026-01-15) changed these sections: When using this product.",
            answer.Text, StringComparison.Ordinal);
        Assert.Equal([SplEditor.RewordedItem, SplEditor.AddedItem], answer.Citations.Select(c => c.Quote));
        foreach (var citation in answer.Citations)
        {
            Assert.Equal(("9", "2026-01-15", SplEditor.EditedSectionCode), (citation.Version, citation.EffectiveDate, citation.SectionCode));
            var passage = await _h.Store.GetPassageAsync(citation.PassageId);
            Assert.NotNull(passage);
            Assert.Equal(9, passage.Version);
            Assert.Contains(citation.Quote, passage.Text, StringComparison.Ordinal);
            Assert.Contains($"[{citation.N}]", answer.Text, StringComparison.Ordinal);
            Assert.Equal(Core.Labels.LabelNaming.DailyMedUrl(SplCorpus.AllergyReliefSetId), citation.Url);
        }
        Assert.DoesNotContain(SplEditor.OriginalItem + " [", answer.Text, StringComparison.Ordinal); // removed text is not quoted as current
        // The side-by-side page of the viewer for exactly these two versions is linked.
        Assert.Contains($"(/labels/{SplCorpus.AllergyReliefSetId}/changes?from=8&to=9)", answer.Text, StringComparison.Ordinal);
    }

    [SplFact]
    public async Task With_one_version_the_bot_says_it_cannot_compare()
    {
        var current = Assert.Single(await _h.Store.ListLabelsAsync());

        var answer = await new LabelChangeAnswerer(_h.Store).AnswerAsync(current);

        Assert.Equal(AnswerKind.NotInLabel, answer.Kind);
        Assert.Empty(answer.Citations);
        Assert.StartsWith("I only have one version of the Allergy Relief (diphenhydramine hydrochloride) label (version 8, effective 2025-10-31)", answer.Text, StringComparison.Ordinal);
    }

    [SplFact]
    public async Task A_withdrawn_label_is_reported_with_its_date_and_not_quoted()
    {
        await _h.Store.MarkWithdrawnAsync(SplCorpus.AllergyReliefSetId, new DateOnly(2026, 2, 2));
        var current = Assert.Single(await _h.Store.ListLabelsAsync());

        var answer = await new LabelChangeAnswerer(_h.Store).AnswerAsync(current);

        Assert.Equal(AnswerKind.NotInLabel, answer.Kind);
        Assert.Empty(answer.Citations);
        Assert.StartsWith("The Allergy Relief (diphenhydramine hydrochloride) label was withdrawn from DailyMed on 2026-02-02.", answer.Text, StringComparison.Ordinal);
    }
}
