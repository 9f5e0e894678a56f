using LabelBot.Search.Products;
using LabelBot.Search.Tests.TestSupport;

namespace LabelBot.Search.Tests;

/// <summary>
/// Brand ↔ ingredient aliases (data/aliases, RxNorm + openFDA) against the real corpus: a brand names the label with
/// exactly its ingredients, an unknown drug names nothing, and a manufacturer's name never names a product.
/// </summary>
[Collection(CorpusCollection.Name)]
public sealed class ProductAliasTests(CorpusFixture corpus)
{
    private const string OxycodoneApap = "cc966d57-7cdc-4de3-bbcf-718e2fce9cb7";
    private const string Ibuprofen = "1a02fa34-b5ae-7183-e063-6294a90a3ae4";
    private const string DgPainRelief = "42f0c87c-7020-4af7-9f6b-3a774137e564";
    private const string Carvedilol = "2be8635b-5733-1ed4-e054-00144ff88e88";
    private const string Cipro = "cc768d3e-a7cc-46a2-ae6d-0f5eb2f05406";
    private const string AllergyRelief = "5015a380-a229-4eff-8e31-528065c6ed64";
    private const string Naproxen = "570974d4-0d5b-4df2-b307-37380511835d";
    private const string Haloperidol = "0027b8a3-73bf-4005-a7e3-b035f451a861";
    private const string Kloxxado = "ebf0f833-c1c0-487c-8f29-01fa8c61b6cb";
    private const string DandruffShampoo = "69baf948-25fc-41d6-8980-23634634953b";

    private LabelProductResolver Resolver => new(corpus.Store);

    [CorpusTheory]
    [InlineData("what is Percocet used for", OxycodoneApap)]
    [InlineData("is advil an nsaid", Ibuprofen)]
    [InlineData("side effects of motrin", Ibuprofen)]
    [InlineData("does tylenol hurt the liver", DgPainRelief)]
    [InlineData("what is coreg for", Carvedilol)]
    [InlineData("cipro and tendons", Cipro)]
    [InlineData("can benadryl make you sleepy", AllergyRelief)]
    [InlineData("what is aleve used for", Naproxen)]
    [InlineData("haldol warnings", Haloperidol)]
    [InlineData("how is narcan given", Kloxxado)]
    public async Task A_brand_names_the_label_with_its_ingredients(string question, string setId)
    {
        var matches = await Resolver.ResolveAsync(question);

        Assert.NotEmpty(matches);
        Assert.Equal(setId, matches[0].Label.SetId);
    }

    // People count pills ("percocets") and name a product by its kind and form ("the dandruff shampoo").
    [CorpusTheory]
    [InlineData("what are percocets used for", OxycodoneApap)]
    [InlineData("can kids use the dandruff shampoo", DandruffShampoo)]
    [InlineData("can a 4 year old take these allergy tablets", AllergyRelief)]
    public async Task A_plural_brand_or_a_name_word_with_the_dosage_form_names_the_label(string question, string setId)
    {
        var matches = await Resolver.ResolveAsync(question);

        Assert.NotEmpty(matches);
        Assert.Equal(setId, matches[0].Label.SetId);
    }

    [CorpusFact]
    public async Task Tylenol_names_the_acetaminophen_label_not_the_combination_that_contains_it()
    {
        var matches = await Resolver.ResolveAsync("is tylenol an nsaid");

        Assert.Equal([DgPainRelief], matches.Select(m => m.Label.SetId));
    }

    [CorpusTheory]
    [InlineData("how much metformin for prediabetes", "metformin")]
    [InlineData("what is glucophage used for", "glucophage")]
    [InlineData("what is suboxone used for", "suboxone")]
    public async Task A_drug_without_a_label_names_nothing_and_is_reported_unknown(string question, string unknown)
    {
        Assert.Empty(await Resolver.ResolveAsync(question));
        Assert.Contains(unknown, await Resolver.UnknownDrugNamesAsync(question));
    }

    [CorpusTheory]
    [InlineData("Johnson et al. reported a 40% response rate")]
    [InlineData("Pfizer says it works in an hour")]
    public async Task A_manufacturer_or_author_name_never_names_a_product(string text)
    {
        Assert.Empty(await Resolver.ResolveAsync(text));
    }

    [Fact]
    public void The_lexicon_carries_rxnorm_and_openfda_brands_with_the_hand_list_first()
    {
        var lexicon = DrugLexicon.Default;

        Assert.Equal(["oxycodone", "acetaminophen"], lexicon.Brands["percocet"]);
        Assert.Equal(["buprenorphine", "naloxone"], lexicon.Brands["suboxone"].Order());
        Assert.Equal(["metformin"], lexicon.Brands["glucophage"]);
        Assert.False(lexicon.Brands.ContainsKey("align"));
    }
}
