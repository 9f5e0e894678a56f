using LabelBot.Bot.Rendering;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Extractive;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Rendering;

/// <summary>
/// Teams' AI-content entity (schema.org Message): one Claim per [n] marker, so Teams shows its own citation pop-ups, and
/// the "AI generated" label only when a language model wrote the text (<see cref="AnswerResult.ModelWritten"/>). Teams caps a citation's name at 80 and its abstract at 160 characters; the card has the full text.
/// </summary>
public static class TeamsCitationEntity
{
    public const string EntityType = "https://schema.org/Message";
    public const int MaxNameLength = 80;
    public const int MaxAbstractLength = 160;
    private const int MaxKeywordLength = 28;

    /// <param name="viewerLink">The label viewer link of a citation (absolute: Teams gets one only with a public URL); the pop-up links there instead of DailyMed when it is set.</param>
    public static Entity Build(IReadOnlyList<Citation> citations, bool modelWritten, Func<Citation, string?>? viewerLink = null)
    {
        ArgumentNullException.ThrowIfNull(citations);
        var entity = new Entity(EntityType);
        entity.Properties["@type"] = "Message";
        entity.Properties["@context"] = "https://schema.org";
        entity.Properties["@id"] = "";
        if (modelWritten)
        {
            entity.Properties["additionalType"] = new JArray("AIGeneratedContent");
        }
        if (citations.Count > 0)
        {
            entity.Properties["citation"] = new JArray(citations.OrderBy(c => c.N).Select(c => Claim(c, viewerLink?.Invoke(c))));
        }
        return entity;
    }

    private static JObject Claim(Citation citation, string? viewerUrl)
    {
        var section = CitationText.Section(citation);
        var keywords = new JArray(
            new[] { string.IsNullOrWhiteSpace(citation.Version) ? CitationVersionText.For(citation) : $"Version {citation.Version}", citation.EffectiveDate, $"Section {citation.SectionNumber}".Trim() }
                .Where(k => !string.IsNullOrWhiteSpace(k) && k != "Section")
                .Select(k => TextLimits.Truncate(k, MaxKeywordLength)));
        return new JObject
        {
            ["@type"] = "Claim",
            ["position"] = citation.N,
            ["appearance"] = new JObject
            {
                ["@type"] = "DigitalDocument",
                ["name"] = TextLimits.Truncate($"{citation.Title}: {section}", MaxNameLength),
                ["abstract"] = TextLimits.Truncate(QuoteDisplay.Render(citation.Quote), MaxAbstractLength),
                ["url"] = CitationText.Link(citation, viewerUrl),
                ["keywords"] = keywords,
            },
        };
    }
}
