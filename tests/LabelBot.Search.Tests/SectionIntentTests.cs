using LabelBot.Core.Labels;
using LabelBot.Search.Retrieval;

namespace LabelBot.Search.Tests;

public sealed class SectionIntentTests
{
    [Theory]
    [InlineData("What are the side effects of Lipitor?", QuestionTopic.AdverseReactions)]
    [InlineData("does it make you drowsy", QuestionTopic.AdverseReactions)]
    [InlineData("I took too much ibuprofen", QuestionTopic.Overdose)]
    [InlineData("can I take it while breastfeeding", QuestionTopic.PregnancyAndNursing)]
    [InlineData("I'm pregnant", QuestionTopic.PregnancyAndNursing)]
    [InlineData("how does Viagra work", QuestionTopic.Mechanism)]
    [InlineData("can I have it with grapefruit", QuestionTopic.Interactions)]
    [InlineData("can I take ibuprofen with low-dose aspirin", QuestionTopic.Interactions)]
    [InlineData("who should not take this", QuestionTopic.Contraindications)]
    [InlineData("does Humira need to be refrigerated", QuestionTopic.Storage)]
    [InlineData("how often should I take it", QuestionTopic.Dosing)]
    [InlineData("should carvedilol be taken with food", QuestionTopic.Dosing)]
    [InlineData("what is cipro used for", QuestionTopic.Indications)]
    [InlineData("does it contain lactose", QuestionTopic.Ingredients)]
    [InlineData("can my kids take it", QuestionTopic.Children)]
    [InlineData("is it ok for elderly people", QuestionTopic.Elderly)]
    [InlineData("I have kidney disease", QuestionTopic.Kidney)]
    [InlineData("what about my liver", QuestionTopic.Liver)]
    [InlineData("is oxycodone addictive", QuestionTopic.AbuseAndDependence)]
    [InlineData("can I stop taking carvedilol suddenly", QuestionTopic.Stopping)]
    public void Recognises_plain_language_topics(string question, QuestionTopic topic)
    {
        Assert.Contains(SectionIntent.Detect(question), i => i.Topic == topic);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello there")]
    [InlineData("tell me about lipitor")]
    public void Finds_no_topic_in_questions_without_one(string question)
    {
        Assert.Empty(SectionIntent.Detect(question));
    }

    [Fact]
    public void Vague_safety_words_give_way_to_a_specific_topic()
    {
        Assert.Equal([QuestionTopic.Warnings], SectionIntent.Detect("is lipitor dangerous").Select(i => i.Topic));
        Assert.DoesNotContain(SectionIntent.Detect("is it safe while pregnant"), i => i.Topic == QuestionTopic.Warnings);
    }

    [Fact]
    public void Eating_with_a_drug_is_a_dosing_question_not_an_interaction()
    {
        var topics = SectionIntent.Detect("can I take ciprofloxacin with milk").Select(i => i.Topic).ToList();

        Assert.Contains(QuestionTopic.Dosing, topics);
        Assert.DoesNotContain(QuestionTopic.Interactions, topics);
    }

    [Fact]
    public void Boosts_primary_sections_most_and_unrelated_sections_not_at_all()
    {
        var intents = SectionIntent.Detect("what are the side effects");
        var adverse = Passage(SectionCodes.AdverseReactions, SectionCodes.AdverseReactions, "Clinical Trials Experience");
        var warnings = Passage(SectionCodes.WarningsAndPrecautions, SectionCodes.WarningsAndPrecautions, "Hepatotoxicity");
        var storage = Passage(SectionCodes.HowSupplied, SectionCodes.HowSupplied, "Storage");

        Assert.Equal(SectionIntent.PrimaryBoost, SectionIntent.BoostFor(adverse, intents));
        Assert.Equal(SectionIntent.SecondaryBoost, SectionIntent.BoostFor(warnings, intents));
        Assert.Equal(1.0, SectionIntent.BoostFor(storage, intents));
        Assert.Equal(1.0, SectionIntent.BoostFor(adverse, []));
    }

    [Fact]
    public void A_subsection_with_the_generic_code_is_boosted_by_its_title()
    {
        var renal = Passage(SectionCodes.Unclassified, SectionCodes.UseInSpecificPopulations, "Renal Impairment");

        Assert.Equal(SectionIntent.TitleBoost, SectionIntent.BoostFor(renal, SectionIntent.Detect("I have kidney problems")));
    }

    [Fact]
    public void Every_topic_has_codes_or_title_words_and_search_terms()
    {
        foreach (var topic in Enum.GetValues<QuestionTopic>())
        {
            var intent = SectionIntent.For(topic);
            Assert.True(intent.AllCodes.Count + intent.TitleWords.Count > 0, topic.ToString());
            Assert.NotEmpty(intent.SearchTerms);
        }
    }

    private static Passage Passage(string code, string top, string title) =>
        new("p1", "set", 1, 0, code, "", title, top, "", title, "text");
}
