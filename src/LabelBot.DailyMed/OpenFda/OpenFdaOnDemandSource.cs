using LabelBot.Core.Retrieval;

namespace LabelBot.DailyMed.OpenFda;

/// <summary>
/// openFDA as a source of on-demand labels, tried after DailyMed: its best brand or generic match for the drug name,
/// saved beside the database like a fetched DailyMed label.
/// </summary>
public sealed class OpenFdaOnDemandSource(IOpenFdaLabelSource client) : IOnDemandLabelSource
{
    private readonly IOpenFdaLabelSource _client = client ?? throw new ArgumentNullException(nameof(client));

    public string Name => "openFDA";

    public async Task<FetchedLabel?> FetchCurrentAsync(string drugName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(drugName);
        return await _client.FetchCurrentLabelAsync(drugName, cancellationToken) is { } downloaded
            ? new FetchedLabel(Name, downloaded.FilePath, downloaded.SetId)
            : null;
    }
}
