using LabelBot.Core.Retrieval;
using LabelBot.DailyMed.Client;

namespace LabelBot.DailyMed.Fetching;

/// <summary>
/// The DailyMed source of on-demand labels: the first search page for the drug name, then the label whose title names
/// the drug, newest first (a common generic has many repackager labels; any current one of them answers).
/// </summary>
public sealed class DailyMedOnDemandSource(DailyMedClient client) : IOnDemandLabelSource
{
    private readonly DailyMedClient _client = client ?? throw new ArgumentNullException(nameof(client));

    public string Name => "DailyMed";

    public async Task<FetchedLabel?> FetchCurrentAsync(string drugName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(drugName);
        var page = await _client.SearchPageAsync(drugName, 1, cancellationToken);
        var best = page.Labels
            .OrderByDescending(l => l.Title.Contains(drugName, StringComparison.OrdinalIgnoreCase))
            .ThenByDescending(l => l.PublishedDate)
            .ThenBy(l => l.SetId, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best is null)
        {
            return null;
        }
        var downloaded = await _client.DownloadLabelAsync(best.SetId, cancellationToken);
        return new FetchedLabel(Name, downloaded.FilePath, downloaded.SetId);
    }
}
