using LabelBot.Search.Products;

namespace LabelBot.Search.Tests;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("lipitor", "lipitor", 0)]
    [InlineData("lipitr", "lipitor", 1)]
    [InlineData("viagara", "viagra", 1)]
    [InlineData("lipiotr", "lipitor", 1)] // adjacent swap counts once
    [InlineData("ciproflaxin", "ciprofloxacin", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Counts_insertions_deletions_substitutions_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Compute(a, b, 5));
        Assert.Equal(expected, EditDistance.Compute(b, a, 5));
    }

    [Fact]
    public void Stops_early_past_the_limit()
    {
        Assert.Equal(2, EditDistance.Compute("abcdef", "uvwxyz", 1));
        Assert.Equal(2, EditDistance.Compute("ab", "abcdef", 1));
    }

    [Theory]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(11, 3)]
    public void Longer_words_allow_more_edits(int length, int expected) =>
        Assert.Equal(expected, EditDistance.AllowedEdits(length));
}
