using System.Text.RegularExpressions;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Products;
using LabelBot.Core.Labels;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering;

/// <summary>The whole pipeline over the real corpus: real parser, SQLite store, hybrid retriever and product resolver.</summary>
[Collection(EngineCorpusCollection.Name)]
public sealed partial class AnswerEngineTests(EngineCorpusFixture corpus)
{
    [SplFact]
    public async Task Cipro_question_is_answered_with_verbatim_citations_from_the_cipro_label()
    {
        var engine = corpus.CreateEngine();
        var result = await engine.AnswerAsync(new AnswerRequest("What does the label say about tendon rupture with ciprofloxacin?"));

        Assert.Equal(AnswerKind.Answer, result.Kind);
        Assert.NotEmpty(result.Citations);
        var ciproSets = await SetIdsNamedAsync("ciprofloxacin");
        Assert.All(result.Citations, c => Assert.Contains(c.SetId, ciproSets));
        Assert.Contains(result.Citations, c => c.Quote.Contains("tendon", StringComparison.OrdinalIgnoreCase));
        await AssertQuotesVerbatimAsync(result);
        Assert.Contains("Sources:", result.Text, StringComparison.Ordinal);
    }

    [SplFact]
    public async Task Side_effects_of_a_drug_without_a_label_are_out_of_scope()
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest("what are baclofen's side effects"));
        Assert.Equal(AnswerKind.OutOfScope, result.Kind);
        Assert.Empty(result.Citations);
        Assert.Contains("baclofen", result.Text, StringComparison.OrdinalIgnoreCase);
    }

    [SplFact]
    public async Task Dosing_question_is_redirected_without_any_number_and_points_to_dosage_section()
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest("how much lipitor should I take"));

        Assert.Equal(AnswerKind.DosingRedirect, result.Kind);
        Assert.DoesNotMatch(@"\d", Marker().Replace(result.Text, string.Empty));
        Assert.Contains(SuggestedActions.TalkToPharmacist, result.SuggestedActions);
        var citation = Assert.Single(result.Citations);
        // The quote is the label's own "take it exactly as prescribed" (patient information), else a dosing-section sentence.
        var cited = (await corpus.Store.GetPassageAsync(citation.PassageId))!;
        Assert.True(cited.TopSectionCode == SectionCodes.DosageAndAdministration || citation.Quote.Contains("exactly as", StringComparison.Ordinal), citation.Quote);
        Assert.Contains("\"DOSAGE AND ADMINISTRATION\"", result.Text, StringComparison.Ordinal);
        Assert.False(DoseText.HasAnyQuantity(citation.Quote), citation.Quote);
        await AssertQuotesVerbatimAsync(result);
    }

    [SplFact]
    public async Task Dosing_question_about_a_drug_without_a_label_is_still_a_dosing_redirect()
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest("how much baclofen should I take"));
        Assert.Equal(AnswerKind.DosingRedirect, result.Kind);
        Assert.Empty(result.Citations);
    }

    [SplFact]
    public async Task Follow_up_keeps_the_product_and_switches_to_the_generic_label_on_request()
    {
        var engine = corpus.CreateEngine();
        var conversation = Guid.NewGuid().ToString("N");
        var atorvastatin = await SetIdsNamedAsync("atorvastatin");

        var first = await engine.AnswerAsync(new AnswerRequest("what are the side effects of lipitor?", conversation));
        Assert.Equal(AnswerKind.Answer, first.Kind);
        Assert.All(first.Citations, c => Assert.Contains(c.SetId, atorvastatin));

        var followUp = await engine.AnswerAsync(new AnswerRequest("what about in the elderly?", conversation));
        Assert.Equal(AnswerKind.Answer, followUp.Kind);
        Assert.All(followUp.Citations, c => Assert.Contains(c.SetId, atorvastatin));
        Assert.Contains(followUp.Citations, c => c.SectionCode == SectionCodes.GeriatricUse);

        var labels = await corpus.Store.ListLabelsAsync();
        var genericSets = labels.Where(l => atorvastatin.Contains(l.SetId) && ProductSelector.IsGenericLabel(l)).Select(l => l.SetId).ToList();
        Assert.NotEmpty(genericSets);
        var generic = await engine.AnswerAsync(new AnswerRequest("and the generic one?", conversation));
        Assert.Equal(AnswerKind.Answer, generic.Kind);
        Assert.All(generic.Citations, c => Assert.Contains(c.SetId, genericSets));
        await AssertQuotesVerbatimAsync(generic);

        var unrelated = await engine.AnswerAsync(new AnswerRequest("what about in the elderly?", Guid.NewGuid().ToString("N")));
        Assert.Equal(AnswerKind.OutOfScope, unrelated.Kind);
    }

    [SplFact]
    public async Task Emergency_text_comes_first_and_alone()
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest("I just swallowed 30 acetaminophen what are the side effects"));
        Assert.Equal(AnswerKind.Emergency, result.Kind);
        Assert.StartsWith("**If this is happening now, call 911", result.Text, StringComparison.Ordinal);
        Assert.Empty(result.Citations);
        Assert.Contains(SuggestedActions.TalkToPharmacist, result.SuggestedActions);
    }

    [SplFact]
    public async Task Professional_deployment_reads_the_dosage_section_back_verbatim()
    {
        const string question = "what does the label say about the maximum dose of lipitor";
        Assert.Equal(AnswerKind.DosingRedirect, (await corpus.CreateEngine().AnswerAsync(new AnswerRequest(question))).Kind);

        var result = await corpus.CreateEngine(AnswerAudience.Professional).AnswerAsync(new AnswerRequest(question));
        Assert.Equal(AnswerKind.Answer, result.Kind);
        Assert.NotEmpty(result.Citations);
        foreach (var citation in result.Citations)
        {
            Assert.Equal(SectionCodes.DosageAndAdministration, (await corpus.Store.GetPassageAsync(citation.PassageId))!.TopSectionCode);
        }
        await AssertQuotesVerbatimAsync(result);

        var patient = await corpus.CreateEngine(AnswerAudience.Professional).AnswerAsync(new AnswerRequest("how much lipitor should my patient take"));
        Assert.Equal(AnswerKind.DosingRedirect, patient.Kind);
    }

    [SplFact]
    public async Task Question_the_label_does_not_cover_is_not_in_label_naming_the_sections_checked()
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest("does lipitor contain gluten?"));
        Assert.Equal(AnswerKind.NotInLabel, result.Kind);
        Assert.Contains("does not mention gluten", result.Text, StringComparison.Ordinal);
        Assert.Contains("I read the whole label", result.Text, StringComparison.Ordinal);
        // The nearest useful fact: the label's list of inactive ingredients, cited.
        Assert.Contains(result.Citations, c => c.Quote.Contains("inactive ingredients", StringComparison.Ordinal));
        await AssertQuotesVerbatimAsync(result);
    }

    [SplFact]
    public async Task Adverse_event_report_quotes_the_label_and_gives_medwatch()
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest("since i started cipro i feel dizzy all day"));
        Assert.Equal(AnswerKind.AdverseEvent, result.Kind);
        Assert.Contains("1-800-FDA-1088", result.Text, StringComparison.Ordinal);
        Assert.Contains(result.Citations, c => c.Quote.Contains("dizz", StringComparison.OrdinalIgnoreCase));
        await AssertQuotesVerbatimAsync(result);
    }

    [SplFact]
    public async Task A_lay_question_is_answered_from_the_section_that_answers_it()
    {
        var engine = corpus.CreateEngine();

        var fridge = await engine.AnswerAsync(new AnswerRequest("Does Humira have to be kept in the fridge?"));
        Assert.Equal(AnswerKind.Answer, fridge.Kind);
        Assert.Contains(fridge.Citations, c => c.Quote.Contains("refrigerated", StringComparison.OrdinalIgnoreCase));

        var women = await engine.AnswerAsync(new AnswerRequest("Can women use Men's Rogaine?"));
        Assert.Equal(AnswerKind.Answer, women.Kind);
        Assert.Contains(women.Citations, c => c.Quote.Contains("woman", StringComparison.OrdinalIgnoreCase));

        // The indications come with their items: no line of the answer ends in a lead-in followed by its marker.
        var uses = await engine.AnswerAsync(new AnswerRequest("What is Lipitor used for?"));
        Assert.Equal(AnswerKind.Answer, uses.Kind);
        Assert.Contains("Reduce the risk", uses.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@":\s*(\[\d+\])+\s*$", string.Join('\n', uses.Text.Split('\n').Where(l => !l.StartsWith('['))));
        Assert.False(LabelBot.Core.Answering.Quality.AnswerJunk.HasJunk(LabelBot.Core.Answering.Quality.DisplayedAnswer.Body(uses.Text)), uses.Text);
        await AssertQuotesVerbatimAsync(uses);
    }

    [SplFact]
    public async Task A_section_the_label_lacks_is_not_in_label_with_the_nearest_fact()
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest("What is the boxed warning for Kloxxado?"));

        Assert.Equal(AnswerKind.NotInLabel, result.Kind);
        Assert.Contains("has no boxed warning section", result.Text, StringComparison.Ordinal);
        Assert.NotEmpty(result.Citations);
        Assert.DoesNotContain(result.Citations, c => c.SectionCode == SectionCodes.DosageAndAdministration);
        await AssertQuotesVerbatimAsync(result);
    }

    [SplFact]
    public async Task A_personal_redirect_quotes_the_label_sentence_about_what_was_asked()
    {
        var engine = corpus.CreateEngine();

        var driving = await engine.AnswerAsync(new AnswerRequest("can I drive on oxycodone acetaminophen"));
        Assert.Equal(AnswerKind.PersonalRedirect, driving.Kind);
        Assert.Contains("driving", Assert.Single(driving.Citations).Quote, StringComparison.OrdinalIgnoreCase);

        // Milk as a drink is the label's "dairy products", not breast milk.
        var milk = await engine.AnswerAsync(new AnswerRequest("can i take cipro with milk"));
        Assert.Equal(AnswerKind.PersonalRedirect, milk.Kind);
        Assert.Contains("dairy products", Assert.Single(milk.Citations).Quote, StringComparison.Ordinal);
        Assert.All(milk.Citations.Concat(driving.Citations), c => Assert.False(DoseText.HasDoseAmount(c.Quote), c.Quote));
        await AssertQuotesVerbatimAsync(milk);
    }

    [SplFact]
    public async Task A_second_product_named_is_found_in_the_label_by_its_ingredient()
    {
        var engine = corpus.CreateEngine();

        // Lipitor is atorvastatin: the clarithromycin label names it only by its ingredient.
        var asked = await engine.AnswerAsync(new AnswerRequest("does clarithromycin interact with lipitor"));
        Assert.Equal(AnswerKind.Answer, asked.Kind);
        Assert.Contains(asked.Citations, c => c.Quote.Contains("atorvastatin", StringComparison.Ordinal));

        var personal = await engine.AnswerAsync(new AnswerRequest("Can I take clarithromycin with lipitor?"));
        Assert.Equal(AnswerKind.PersonalRedirect, personal.Kind);
        Assert.Contains("atorvastatin", Assert.Single(personal.Citations).Quote, StringComparison.Ordinal);
        Assert.False(DoseText.HasDoseAmount(personal.Citations[0].Quote));
        await AssertQuotesVerbatimAsync(personal);
    }

    [SplFact]
    public async Task A_redirect_quote_names_the_other_medicine_and_a_dosing_redirect_never_quotes_a_trial_list()
    {
        var engine = corpus.CreateEngine();

        var antacids = await engine.AnswerAsync(new AnswerRequest("how long should I wait after antacids before cipro"));
        Assert.Contains("antacids", Assert.Single(antacids.Citations).Quote, StringComparison.Ordinal);

        // "night" shares its start with "nightmare" in a list of adverse reactions: no quote is better than that one.
        var night = await engine.AnswerAsync(new AnswerRequest("should I take lipitor at night"));
        Assert.Equal(AnswerKind.DosingRedirect, night.Kind);
        Assert.DoesNotContain(night.Citations, c => c.SectionCode == SectionCodes.AdverseReactions || c.Quote.Contains("nightmare", StringComparison.OrdinalIgnoreCase));
    }

    [SplFact]
    public async Task How_a_product_is_stored_is_answered_not_redirected()
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest("do I need to keep atorvastatin in the fridge?"));

        Assert.Equal(AnswerKind.Answer, result.Kind);
        Assert.Contains(result.Citations, c => c.Quote.Contains("°", StringComparison.Ordinal) || c.Quote.Contains("temperature", StringComparison.OrdinalIgnoreCase));
        await AssertQuotesVerbatimAsync(result);
    }

    [SplFact]
    public async Task A_personal_redirect_quotes_the_warning_that_matters()
    {
        var engine = corpus.CreateEngine();

        var benzo = await engine.AnswerAsync(new AnswerRequest("I take oxycodone and acetaminophen and also Xanax to sleep, is that dangerous?"));
        Assert.Equal(AnswerKind.PersonalRedirect, benzo.Kind);
        Assert.Contains(benzo.Citations, c => c.Quote.Contains("benzodiazepines", StringComparison.Ordinal));

        var pregnant = await engine.AnswerAsync(new AnswerRequest("I'm pregnant, can I take ibuprofen?"));
        Assert.Equal(AnswerKind.PersonalRedirect, pregnant.Kind);
        Assert.Contains(pregnant.Citations, c => c.Quote.Contains("weeks", StringComparison.Ordinal));
        await AssertQuotesVerbatimAsync(pregnant);
    }

    /// <summary>Every citation's quote occurs verbatim (whitespace-normalised) in the cited label version's passage.</summary>
    private async Task AssertQuotesVerbatimAsync(AnswerResult result)
    {
        var passages = new Dictionary<string, Passage>(StringComparer.Ordinal);
        foreach (var citation in result.Citations)
        {
            var passage = await corpus.Store.GetPassageAsync(citation.PassageId);
            Assert.NotNull(passage);
            Assert.Equal(citation.SetId, passage.SetId);
            Assert.Equal(citation.Version, passage.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            passages[passage.Id] = passage;
        }
        var validation = CitationContract.Validate(result, id => passages.GetValueOrDefault(id));
        Assert.True(validation.IsValid, validation.ToString());
    }

    private async Task<HashSet<string>> SetIdsNamedAsync(string ingredient)
    {
        var labels = await corpus.Store.ListLabelsAsync();
        return labels.Where(l => ProductSelector.IngredientKey(l).Contains(ingredient, StringComparison.Ordinal))
            .Select(l => l.SetId).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Marker();
}
