using LabelBot.Core.Labels;

namespace LabelBot.Labels.Tests;

internal static class LabelTreeExtensions
{
    /// <summary>Every section of the tree in document order.</summary>
    public static IEnumerable<LabelSection> AllSections(this LabelDocument document) => Walk(document.Sections);

    public static LabelSection SectionNumbered(this LabelDocument document, string number) =>
        document.AllSections().Single(s => s.Number == number);

    private static IEnumerable<LabelSection> Walk(IEnumerable<LabelSection> sections)
    {
        foreach (var section in sections)
        {
            yield return section;
            foreach (var child in Walk(section.Children))
            {
                yield return child;
            }
        }
    }
}
