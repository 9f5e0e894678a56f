using LabelBot.Core.Answering.Conversation;
using LabelBot.Core.Answering.Products;
using LabelBot.Core.Retrieval;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering;

public sealed class ProductSelectorTests
{
    private static readonly Labels.LabelVersionInfo Brand = HandMadeLabels.Label("brand", "LIPITOR", "atorvastatin calcium", "ATORVASTATIN CALCIUM TRIHYDRATE");
    private static readonly Labels.LabelVersionInfo Generic = HandMadeLabels.Label("generic", "Atorvastatin Calcium", "atorvastatin calcium", "ATORVASTATIN CALCIUM");
    private static readonly Labels.LabelVersionInfo Apap = HandMadeLabels.Label("apap", "Pain Relief", "acetaminophen", "ACETAMINOPHEN");
    private static readonly Labels.LabelVersionInfo OxyApap = HandMadeLabels.Label("oxy", "Oxycodone and Acetaminophen", "oxycodone and acetaminophen",
        "OXYCODONE HYDROCHLORIDE", "ACETAMINOPHEN");
    private static readonly Labels.LabelVersionInfo Ibuprofen = HandMadeLabels.Label("ibu", "Ibuprofen", "ibuprofen", "IBUPROFEN");

    [Fact]
    public void Brand_and_generic_of_one_medicine_are_one_product_answered_from_the_best_match()
    {
        var selection = ProductSelector.Select("lipitor side effects",
            [new ProductMatch(Brand, "lipitor", 1.0), new ProductMatch(Generic, "lipitor", 0.85)], [], null);
        var group = Assert.Single(selection.Groups);
        Assert.Equal("brand", group.Primary.SetId);
        Assert.Equal(2, group.Labels.Count);
        Assert.False(selection.IsAmbiguous);
    }

    [Fact]
    public void Naming_all_ingredients_picks_that_product_over_combinations_containing_it()
    {
        var selection = ProductSelector.Select("acetaminophen side effects",
            [new ProductMatch(OxyApap, "acetaminophen", 0.9), new ProductMatch(Apap, "acetaminophen", 0.9)], [], null);
        Assert.Equal("apap", Assert.Single(selection.Groups).Primary.SetId);

        var combination = ProductSelector.Select("oxycodone and acetaminophen warnings",
            [new ProductMatch(OxyApap, "oxycodone", 1.0), new ProductMatch(Apap, "acetaminophen", 0.8)], [], null);
        Assert.Equal("oxy", Assert.Single(combination.Groups).Primary.SetId);
    }

    [Fact]
    public void One_brand_name_matching_different_products_is_ambiguous()
    {
        var selection = ProductSelector.Select("percocet or tylenol side effects",
            [new ProductMatch(OxyApap, "tylenol", 0.8), new ProductMatch(Apap, "tylenol", 0.8)], [], null);
        Assert.True(selection.IsAmbiguous);
    }

    [Fact]
    public void Two_named_products_are_a_comparison()
    {
        var selection = ProductSelector.Select("naproxen vs ibuprofen",
            [new ProductMatch(Ibuprofen, "ibuprofen", 1.0), new ProductMatch(Apap, "tylenol", 0.9)], [], null);
        Assert.True(selection.IsComparison);
        Assert.Equal(2, selection.Groups.Count);
    }

    [Fact]
    public void Follow_up_keeps_the_focus_and_switches_to_the_generic_label()
    {
        var focus = new ConversationFocus([Brand, Generic], "brand", "side effects");
        var same = ProductSelector.Select("what about in the elderly?", [], [], focus);
        Assert.True(same.FromFocus);
        Assert.Equal("brand", same.Groups[0].Primary.SetId);

        var generic = ProductSelector.Select("and the generic one?", [], [], focus);
        Assert.Equal("generic", generic.Groups[0].Primary.SetId);
        Assert.True(ProductSelector.IsGenericLabel(Generic));
        Assert.False(ProductSelector.IsGenericLabel(Brand));
    }

    [Fact]
    public void Naming_an_unknown_drug_drops_the_focus()
    {
        var focus = new ConversationFocus([Brand], "brand", "side effects");
        var selection = ProductSelector.Select("what about baclofen?", [], ["baclofen"], focus);
        Assert.True(selection.IsEmpty);
        Assert.Equal(["baclofen"], selection.UnknownNames);
    }
}
