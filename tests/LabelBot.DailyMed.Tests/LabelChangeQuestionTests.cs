using LabelBot.DailyMed.Chat;

namespace LabelBot.DailyMed.Tests;

public sealed class LabelChangeQuestionTests
{
    [Theory]
    [InlineData("what changed in the latest ciprofloxacin label?")]
    [InlineData("What's changed in the Lipitor label")]
    [InlineData("has the carvedilol label been updated?")]
    [InlineData("Were there any changes to the ibuprofen labeling recently?")]
    [InlineData("what is new in the newest version of the Humira label")]
    [InlineData("show me the differences between label versions for haloperidol")]
    public void Questions_about_label_changes_match(string question) => Assert.True(LabelChangeQuestion.IsMatch(question));

    [Theory]
    [InlineData("what are the side effects of ciprofloxacin?")]
    [InlineData("can I change my dose of carvedilol?")]
    [InlineData("what does the label say about alcohol?")]
    [InlineData("I changed pharmacies, is my Lipitor the same?")]
    public void Other_questions_do_not_match(string question) => Assert.False(LabelChangeQuestion.IsMatch(question));
}
