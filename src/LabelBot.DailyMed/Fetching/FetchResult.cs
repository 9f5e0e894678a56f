using LabelBot.DailyMed.Client;
using LabelBot.Labels.Ingestion;

namespace LabelBot.DailyMed.Fetching;

/// <summary>A label that could not be fetched, with the one-line reason.</summary>
public sealed record FetchFailure(string SetId, DailyMedErrorKind Kind, string Message);

/// <summary>
/// What a fetch did. When a drug name matched several labels and neither a choice nor "all" was given,
/// <see cref="NeedsChoice"/> is true, <see cref="Candidates"/> lists them and nothing was downloaded.
/// </summary>
public sealed record FetchResult(
    string Query,
    IReadOnlyList<SplSummary> Candidates,
    bool CandidatesTruncated,
    bool NeedsChoice,
    IReadOnlyList<DownloadedLabel> Downloaded,
    IReadOnlyList<FetchFailure> Failures,
    IngestReport? Ingest)
{
    /// <summary>The drug name matched no label on DailyMed.</summary>
    public bool NoMatch => !NeedsChoice && Candidates.Count == 0 && Downloaded.Count == 0 && Failures.Count == 0;

    /// <summary>At least one label is now stored (added, superseding, or already there) and nothing failed.</summary>
    public bool Succeeded => Failures.Count == 0 && Ingest is { } report && report.Rejected == 0 && report.Files.Count > 0;

    internal static FetchResult Choice(string query, SplSearchResult search) =>
        new(query, search.Labels, search.Truncated, NeedsChoice: true, [], [], null);
}
