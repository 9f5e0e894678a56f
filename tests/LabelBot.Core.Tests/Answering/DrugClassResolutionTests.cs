using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Products;
using LabelBot.Core.Tests.Support;

namespace LabelBot.Core.Tests.Answering;

/// <summary>
/// Issue 15: with cyclobenzaprine loaded, a question naming baclofen never drifts to it, and a question naming only a
/// class ("muscle relaxers") asks which product it means instead of answering from one label.
/// </summary>
[Collection(EngineCorpusCollection.Name)]
public sealed class DrugClassResolutionTests(EngineCorpusFixture corpus)
{
    private const string Cyclobenzaprine = "00dbe051-a392-e2c6-e063-6394a90ab7f3";

    [SplTheory]
    [InlineData("what is baclofen used for?", "baclofen")]
    [InlineData("is baclofen a strong muscle relaxant?", "baclofen")]
    [InlineData("does tizanidine make you drowsy like other muscle relaxers?", "tizanidine")]
    [InlineData("what are the side effects of zanaflex", "zanaflex")]
    public async Task A_muscle_relaxant_without_a_label_is_never_answered_from_cyclobenzaprine(string question, string drug)
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest(question));

        Assert.Equal(AnswerKind.OutOfScope, result.Kind);
        Assert.Empty(result.Citations);
        Assert.Contains($"No official label for {drug} is loaded", result.Text, StringComparison.Ordinal);
        Assert.Contains($"labelbot fetch --drug {drug}", result.Text, StringComparison.Ordinal);
        // The loaded label of the same kind is named as a different product, not used as the answer.
        Assert.Contains("same kind (muscle relaxant): CYCLOBENZAPRINE HYDROCHLORIDE", result.Text, StringComparison.Ordinal);
        Assert.Contains("different products", result.Text, StringComparison.Ordinal);
    }

    [SplTheory]
    [InlineData("what are the side effects of muscle relaxers?", "muscle relaxant")]
    [InlineData("are muscle relaxants addictive", "muscle relaxant")]
    [InlineData("which triptans are safe with heart disease?", "triptan (migraine medicine)")]
    public async Task A_class_named_without_a_drug_asks_which_one_and_lists_the_loaded_labels_of_that_class(string question, string className)
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest(question));

        Assert.Equal(AnswerKind.Clarify, result.Kind);
        Assert.StartsWith($"Which {className} do you mean?", result.Text, StringComparison.Ordinal);
        Assert.Empty(result.Citations);
        var drugClass = TherapeuticClasses.Classes.Single(c => c.Name == className);
        var labels = await corpus.Store.ListLabelsAsync();
        Assert.Equal(
            labels.Where(drugClass.Contains).Select(l => l.SetId).Order(StringComparer.Ordinal),
            result.Candidates.Select(c => c.SetId).Order(StringComparer.Ordinal));
        Assert.NotEmpty(result.Candidates);
    }

    [SplFact]
    public async Task A_named_muscle_relaxant_with_a_label_is_still_answered_from_its_own_label()
    {
        var result = await corpus.CreateEngine().AnswerAsync(new AnswerRequest("is flexeril a muscle relaxant that makes you drowsy?"));

        Assert.Equal(AnswerKind.Answer, result.Kind);
        Assert.All(result.Citations, c => Assert.Equal(Cyclobenzaprine, c.SetId));
    }

    [Fact]
    public void Every_class_line_names_its_members_once_and_the_lists_know_the_new_shipped_drugs()
    {
        Assert.All(TherapeuticClasses.Classes, c => Assert.NotEmpty(c.Members));
        foreach (var drug in new[] { "cyclobenzaprine", "baclofen", "sumatriptan", "clarithromycin", "dexamethasone", "triamcinolone",
                     "hydroxyzine", "promethazine", "fosaprepitant", "atovaquone", "bupivacaine", "ethacrynic acid", "imatinib", "apraclonidine", "remdesivir" })
        {
            Assert.NotEmpty(TherapeuticClasses.Of(drug));
        }
        Assert.Equal(["muscle relaxant"], TherapeuticClasses.NamedIn("any muscle relaxers that don't make you sleepy?").Select(c => c.Name));
        Assert.Empty(TherapeuticClasses.NamedIn("does relaxing music help migraines?"));
    }
}
