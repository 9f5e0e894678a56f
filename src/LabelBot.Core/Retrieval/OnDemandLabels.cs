namespace LabelBot.Core.Retrieval;

/// <summary>A label file fetched for a drug name, ready to ingest.</summary>
/// <param name="Source">Where it came from, as shown to users ("DailyMed", "openFDA").</param>
/// <param name="FilePath">The downloaded file (SPL XML, or whatever the ingestor of that source reads).</param>
/// <param name="SetId">The label's set id, to find it in the store after ingest.</param>
public sealed record FetchedLabel(string Source, string FilePath, string SetId);

/// <summary>
/// One place the current label of a drug can be fetched from when a question names a drug with no label loaded
/// (DailyMed, openFDA …). Sources are tried in order; register one more to add a source.
/// </summary>
public interface IOnDemandLabelSource
{
    /// <summary>The source's name as shown to users.</summary>
    string Name { get; }

    /// <summary>
    /// The current label for a drug name, downloaded and validated; null when the source has no label for it. Throws
    /// when the source cannot be reached (the caller tries the next source and never shows the error to users).
    /// </summary>
    Task<FetchedLabel?> FetchCurrentAsync(string drugName, CancellationToken cancellationToken);
}
