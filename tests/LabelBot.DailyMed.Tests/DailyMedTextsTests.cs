using LabelBot.Core.Answering.Prompts;

namespace LabelBot.DailyMed.Tests;

/// <summary>The fixed texts this feature adds to prompts/ are embedded and fill completely.</summary>
public sealed class DailyMedTextsTests
{
    [Theory]
    [InlineData("label-changes")]
    [InlineData("label-changes-removed")]
    [InlineData("label-changes-none")]
    [InlineData("label-changes-no-history")]
    [InlineData("label-withdrawn")]
    public void Each_text_is_embedded_with_a_purpose_and_fills_every_placeholder(string name)
    {
        var template = PromptCatalog.Default.Get(name);

        var filled = template.Fill(template.Placeholders.ToDictionary(p => p, p => $"<{p}>"));

        Assert.True(template.Metadata.ContainsKey("purpose"));
        Assert.NotEmpty(template.Placeholders);
        Assert.DoesNotContain("{{", filled, StringComparison.Ordinal);
        Assert.All(template.Placeholders, p => Assert.Contains($"<{p}>", filled, StringComparison.Ordinal));
    }

    [Fact]
    public void Work_files_live_beside_the_database()
    {
        var paths = DailyMedPaths.ForDatabase(Path.Combine(Path.GetTempPath(), "lb", "labelbot.db"));

        Assert.Equal(Path.Combine(Path.GetTempPath(), "lb", "dailymed"), paths.Root);
        Assert.Equal(Path.Combine(paths.Root, "labels"), paths.Options().DownloadsFolder);
        Assert.StartsWith(paths.Root, paths.ReleaseCheckpoints, StringComparison.Ordinal);
        Assert.StartsWith(paths.Root, paths.ChangeLog, StringComparison.Ordinal);
    }
}
