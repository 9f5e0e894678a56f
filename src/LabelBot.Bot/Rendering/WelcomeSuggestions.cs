using System.Collections.Concurrent;
using System.Globalization;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;
using Microsoft.Bot.Schema;
using BotSuggestedActions = Microsoft.Bot.Schema.SuggestedActions;

namespace LabelBot.Bot.Rendering;

/// <summary>
/// First questions under the welcome, built from the labels actually loaded: up to three labels (a different run of the
/// list for each conversation), each asked about a section it has, in the wording of prompts/welcome-suggestions.md.
/// </summary>
public sealed class WelcomeSuggestions
{
    public const int MaxSuggestions = 3;
    private const string PromptName = "welcome-suggestions";
    private const int MaxNameWords = 2;

    // The sections a label has do not change while its version stays: looked up once per label version.
    private readonly ConcurrentDictionary<(string SetId, int Version), IReadOnlySet<string>> _sections = new();
    private readonly PromptCatalog _prompts;

    public WelcomeSuggestions(PromptCatalog? prompts = null) => _prompts = prompts ?? PromptCatalog.Default;

    /// <summary>The quick replies for one new conversation; null when no label can be offered.</summary>
    public async Task<BotSuggestedActions?> BuildAsync(ILabelStore store, string conversationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(conversationKey);
        var labels = (await store.ListLabelsAsync(cancellationToken: cancellationToken))
            .Where(l => l.IsCurrent && !l.IsWithdrawn)
            .Select(l => (Label: l, Name: ShortName(l)))
            .Where(l => l.Name.Split(' ').Length <= MaxNameWords)
            .DistinctBy(l => l.Name, StringComparer.OrdinalIgnoreCase)
            .OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (labels.Count == 0)
        {
            return null;
        }
        var templates = Templates();
        var start = (int)(StableHash(conversationKey) % (uint)labels.Count);
        var titles = new List<string>();
        for (var i = 0; i < labels.Count && titles.Count < MaxSuggestions; i++)
        {
            var (label, name) = labels[(start + i) % labels.Count];
            var sections = await SectionsAsync(store, label, templates.Select(t => t.SectionCode).Distinct().ToList(), cancellationToken);
            // Each label starts at a different template line, so three labels rarely get the same question.
            var template = Enumerable.Range(0, templates.Count)
                .Select(k => templates[(titles.Count + k) % templates.Count])
                .FirstOrDefault(t => sections.Contains(t.SectionCode));
            if (template.Question is not null)
            {
                titles.Add(template.Question.Replace("{{product}}", name, StringComparison.Ordinal));
            }
        }
        return titles.Count == 0 ? null : new BotSuggestedActions
        {
            Actions = titles.Select(t => new CardAction { Type = ActionTypes.ImBack, Title = t, Value = t }).ToList(),
        };
    }

    /// <summary>
    /// The name a user would type: a one-word brand ("Lipitor (atorvastatin calcium)" → "Lipitor"), else the ingredient in
    /// parentheses, else the display name; all-capitals names in title case ("BACLOFEN" → "Baclofen").
    /// </summary>
    public static string ShortName(LabelVersionInfo label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var display = label.DisplayName.Trim();
        var open = display.IndexOf(" (", StringComparison.Ordinal);
        var name = display;
        if (open > 0 && display.EndsWith(')'))
        {
            var brand = display[..open].Trim();
            name = brand.Contains(' ', StringComparison.Ordinal) ? display[(open + 2)..^1].Trim() : brand;
        }
        return name.Any(char.IsLower) ? name : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.ToLowerInvariant());
    }

    private List<(string SectionCode, string Question)> Templates()
    {
        // The product slot is filled per label below; the catalog's check that every slot has a value is kept.
        return _prompts.RenderRows(PromptName, new Dictionary<string, string> { ["product"] = "{{product}}" }).ToList();
    }

    private async Task<IReadOnlySet<string>> SectionsAsync(ILabelStore store, LabelVersionInfo label, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        if (_sections.TryGetValue((label.SetId, label.Version), out var known))
        {
            return known;
        }
        var passages = await store.GetPassagesAsync(label.SetId, codes, cancellationToken);
        var found = passages.Select(p => p.TopSectionCode).Concat(passages.Select(p => p.SectionCode)).ToHashSet(StringComparer.Ordinal);
        _sections[(label.SetId, label.Version)] = found;
        return found;
    }

    // string.GetHashCode differs per process; conversations should get the same suggestions on every host.
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
