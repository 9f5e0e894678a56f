using LabelBot.Search.Products;
using LabelBot.Search.Tests.TestSupport;
using LabelBot.Storage.Sqlite;

namespace LabelBot.Search.Tests;

/// <summary>Product names in questions, resolved against the real ingested corpus.</summary>
[Collection(CorpusCollection.Name)]
public sealed class ProductResolverTests(CorpusFixture corpus)
{
    private const string LipitorPfizer = "c6e131fe-e7df-4876-83f7-9156fc4e8228";
    private const string LipitorRepack = "17a163ef-b349-4e32-bc8c-b02bac7f65d6";
    private const string AtorvastatinGeneric = "301ef8f1-6b5f-234b-e063-6294a90ad2d3";
    private const string Cipro = "cc768d3e-a7cc-46a2-ae6d-0f5eb2f05406";
    private const string Viagra = "0b0be196-0c62-461c-94f4-9a35339b4501";
    private const string Kloxxado = "ebf0f833-c1c0-487c-8f29-01fa8c61b6cb";
    private const string DgPainRelief = "42f0c87c-7020-4af7-9f6b-3a774137e564";
    private const string OxycodoneApap = "cc966d57-7cdc-4de3-bbcf-718e2fce9cb7";
    private const string AllergyRelief = "5015a380-a229-4eff-8e31-528065c6ed64";
    private const string Triaminic = "00f66f25-3469-4c16-9baf-fba21e9628bd";
    private const string CoffeaCruda = "853cb3dd-773a-208c-e053-2a91aa0a6189";
    private const string Ibuprofen = "1a02fa34-b5ae-7183-e063-6294a90a3ae4";

    private LabelProductResolver Resolver => new(corpus.Store);

    [CorpusFact]
    public async Task Lipitor_names_both_Lipitor_labels_first_then_the_generic()
    {
        var matches = await Resolver.ResolveAsync("What are the side effects of Lipitor?");

        Assert.Equal(3, matches.Count);
        Assert.Equal(new[] { LipitorPfizer, LipitorRepack }.Order(), matches.Take(2).Select(m => m.Label.SetId).Order());
        Assert.Equal(AtorvastatinGeneric, matches[2].Label.SetId);
        Assert.True(matches[1].Confidence > matches[2].Confidence);
    }

    [CorpusTheory]
    [InlineData("is atorvastatin safe for my liver")]
    [InlineData("atorvastatin calcium 20 mg")]
    [InlineData("can I take lipitr at night")]
    public async Task Atorvastatin_and_its_misspellings_name_all_three_atorvastatin_labels(string question)
    {
        var matches = await Resolver.ResolveAsync(question);

        Assert.Equal(new[] { AtorvastatinGeneric, LipitorRepack, LipitorPfizer }.Order(), matches.Select(m => m.Label.SetId).Order());
    }

    [CorpusTheory]
    [InlineData("ciproflaxin and tendons", "ciproflaxin")]
    [InlineData("does cipro interact with coffee", "cipro")]
    [InlineData("Ciprofloxacin Hydrochloride tablets", "ciprofloxacin hydrochloride")]
    public async Task Ciprofloxacin_is_found_from_short_and_misspelt_names(string question, string term)
    {
        var best = (await Resolver.ResolveAsync(question))[0];

        Assert.Equal(Cipro, best.Label.SetId);
        Assert.Equal(term, best.MatchedTerm);
        Assert.InRange(best.Confidence, 0.5, 1.0);
    }

    [CorpusTheory]
    [InlineData("atorva side effects", "atorva", 3)]
    [InlineData("kloxx spray", "kloxx", 1)]
    [InlineData("carvedil and alcohol", "carvedil", 1)]
    public async Task A_unique_start_of_a_drug_name_is_a_short_name_for_it(string question, string term, int labels)
    {
        var matches = await Resolver.ResolveAsync(question);

        Assert.Equal(labels, matches.Count);
        Assert.Equal(term, matches[0].MatchedTerm);
    }

    [CorpusTheory]
    [InlineData("viagra dose")]
    [InlineData("sildenafil and nitrates")]
    [InlineData("how long does viagara last")]
    public async Task Viagra_by_brand_generic_or_misspelling(string question)
    {
        var match = Assert.Single(await Resolver.ResolveAsync(question));

        Assert.Equal(Viagra, match.Label.SetId);
    }

    [CorpusFact]
    public async Task Naloxone_nasal_spray_is_Kloxxado()
    {
        var matches = await Resolver.ResolveAsync("how do I use naloxone nasal spray");

        Assert.Equal(Kloxxado, matches[0].Label.SetId);
        Assert.Equal("naloxone", matches[0].MatchedTerm);
    }

    [CorpusFact]
    public async Task An_ingredient_ranks_single_ingredient_products_above_combinations()
    {
        var matches = await Resolver.ResolveAsync("how much acetaminophen is too much");

        Assert.Equal([DgPainRelief, OxycodoneApap], matches.Select(m => m.Label.SetId));
        Assert.True(matches[0].Confidence > matches[1].Confidence);
    }

    [CorpusFact]
    public async Task An_ingredient_word_after_a_named_brand_does_not_add_other_products()
    {
        var matches = await Resolver.ResolveAsync("Does Allergy Relief diphenhydramine make you drowsy?");

        Assert.Equal(AllergyRelief, Assert.Single(matches).Label.SetId);
        Assert.Contains(await Resolver.ResolveAsync("diphenhydramine for kids"), m => m.Label.SetId == Triaminic);
    }

    [CorpusTheory]
    [InlineData("can I drink coffee with my medicine")]
    [InlineData("what helps with liver pain")]
    [InlineData("is this safe for my kidneys")]
    [InlineData("")]
    public async Task Everyday_words_name_no_product(string question)
    {
        var matches = await Resolver.ResolveAsync(question);

        Assert.DoesNotContain(matches, m => m.Label.SetId == CoffeaCruda);
        Assert.Empty(matches);
    }

    [CorpusFact]
    public async Task A_well_known_brand_of_an_ingested_generic_resolves_to_it()
    {
        var match = (await Resolver.ResolveAsync("can I take advil with lipitor"))
            .FirstOrDefault(m => m.Label.SetId == Ibuprofen);

        Assert.NotNull(match);
        Assert.Equal("advil", match.MatchedTerm);
    }

    [CorpusTheory]
    [InlineData("what are the side effects of baclofen", "baclofen")]
    [InlineData("can I take lisinopril with lipitor", "lisinopril")]
    [InlineData("is baclofin safe", "baclofen")]
    [InlineData("my doctor gave me zorbatrostatin", "zorbatrostatin")]
    public async Task Drug_names_without_a_label_are_reported_as_unknown(string question, string expected)
    {
        Assert.Equal([expected], await Resolver.UnknownDrugNamesAsync(question));
        Assert.DoesNotContain(await Resolver.ResolveAsync(question), m => m.MatchedTerm == expected);
    }

    [CorpusTheory]
    [InlineData("what are the side effects of Lipitor")]
    [InlineData("ciproflaxin with milk")]
    [InlineData("ibuprofen and April showers")]
    [InlineData("I feel deafened and stiffened")]
    public async Task Ingested_or_ordinary_words_are_not_unknown_drugs(string question)
    {
        Assert.Empty(await Resolver.UnknownDrugNamesAsync(question));
    }

    [Fact]
    public async Task The_vocabulary_follows_the_store_when_labels_are_added()
    {
        using var temp = new TempDirectory();
        using var store = SqliteLabelStore.Open(temp.File("labels.db"));
        var resolver = new LabelProductResolver(store);
        Assert.Empty(await resolver.ResolveAsync("is zentravix safe"));

        var label = HandMadeLabels.Make("dddddddd-1111-2222-3333-444444444444", 1, brand: "ZENTRAVIX", generic: "zentravimab");
        await store.SaveAsync(label.Document, label.Passages, label.Embeddings);

        var match = Assert.Single(await resolver.ResolveAsync("is zentravix safe"));
        Assert.Equal("ZENTRAVIX (zentravimab)", match.Label.DisplayName);
        Assert.Single(await resolver.ResolveAsync("what does zentravimab do"));
        Assert.Empty(await resolver.UnknownDrugNamesAsync("zentravimab and zentravix"));
    }
}
