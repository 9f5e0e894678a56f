using LabelBot.Core.Labels;

namespace LabelBot.Core.Retrieval;

/// <summary>What happened to one label on ingest.</summary>
public enum IngestStatus { Added, Superseded, Unchanged, Rejected }

public sealed record IngestOutcome(string SetId, int Version, IngestStatus Status, string? Reason = null);

/// <summary>
/// The versioned label store: every version of every label set is kept; only the newest is current and citable.
/// Implementations: SQLite (embedded default), PostgreSQL (scale-out).
/// </summary>
public interface ILabelStore
{
    /// <summary>
    /// Saves one label version with its passages and their embeddings (same order) in one transaction.
    /// An older or equal version is a no-op (<see cref="IngestStatus.Unchanged"/>); a newer one supersedes.
    /// </summary>
    Task<IngestOutcome> SaveAsync(LabelDocument label, IReadOnlyList<Passage> passages, IReadOnlyList<float[]> embeddings, CancellationToken cancellationToken = default);

    /// <summary>True when this exact set id and version (or a newer one) is already stored: lets ingest skip embedding work.</summary>
    Task<bool> HasVersionAsync(string setId, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when saving <paramref name="label"/> would be a no-op (this version or a newer one is stored, and it is not an
    /// openFDA copy that an SPL file of the same version replaces): lets ingest skip embedding work.
    /// </summary>
    Task<bool> HasVersionAsync(LabelDocument label, CancellationToken cancellationToken = default) =>
        HasVersionAsync(label.SetId, label.Version, cancellationToken);

    /// <summary>Current labels (one per set id), or every stored version when <paramref name="includeHistory"/>.</summary>
    Task<IReadOnlyList<LabelVersionInfo>> ListLabelsAsync(bool includeHistory = false, CancellationToken cancellationToken = default);

    /// <summary>Passages of the current version of a label, optionally only those under the given top-level sections.</summary>
    Task<IReadOnlyList<Passage>> GetPassagesAsync(string setId, IReadOnlyCollection<string>? topSectionCodes = null, CancellationToken cancellationToken = default);

    /// <summary>A passage by its stable id (any version), or null.</summary>
    Task<Passage?> GetPassageAsync(string passageId, CancellationToken cancellationToken = default);
}

/// <summary>
/// A label store that also serves older versions and records withdrawals: what `diff`, `update` and withdrawn-label
/// detection need beyond <see cref="ILabelStore"/>.
/// </summary>
public interface ILabelHistoryStore : ILabelStore
{
    /// <summary>Every stored version of a label set, newest first; empty when the set id is unknown.</summary>
    Task<IReadOnlyList<LabelVersionInfo>> ListVersionsAsync(string setId, CancellationToken cancellationToken = default);

    /// <summary>Passages of one stored version (current or superseded), in reading order; empty when not stored.</summary>
    Task<IReadOnlyList<Passage>> GetPassagesAsync(string setId, int version, CancellationToken cancellationToken = default);

    /// <summary>Marks a label set withdrawn on <paramref name="withdrawnOn"/> (kept, not deleted); false when the set id is unknown.</summary>
    Task<bool> MarkWithdrawnAsync(string setId, DateOnly withdrawnOn, CancellationToken cancellationToken = default);

    /// <summary>Clears a withdrawal (the label came back in a later release); false when the set id is unknown.</summary>
    Task<bool> ClearWithdrawnAsync(string setId, CancellationToken cancellationToken = default);
}

public enum RetrievalMode { Hybrid, Lexical, Vector }

/// <summary>A retrieval request. <see cref="SetIds"/> restricts the search to those (current) labels.</summary>
public sealed record SearchQuery(
    string Text,
    IReadOnlyList<string>? SetIds = null,
    int Limit = 8,
    RetrievalMode Mode = RetrievalMode.Hybrid);

public sealed record ScoredPassage(Passage Passage, LabelVersionInfo Label, double Score);

/// <summary>Finds the current-version passages that best answer a question.</summary>
public interface IPassageRetriever
{
    Task<IReadOnlyList<ScoredPassage>> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default);
}

/// <summary>Dense sentence embeddings (MiniLM, 384 dimensions, L2-normalised).</summary>
public interface ITextEmbedder
{
    int Dimensions { get; }
    IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts);
}

/// <summary>A label that the words of a question name (brand, generic, ingredient, misspelling).</summary>
public sealed record ProductMatch(LabelVersionInfo Label, string MatchedTerm, double Confidence);

/// <summary>Maps the words of a question to ingested labels.</summary>
public interface IProductResolver
{
    /// <summary>Labels named in the text, best first; empty when none is named. Several are normal (brand + generics).</summary>
    Task<IReadOnlyList<ProductMatch>> ResolveAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Drug-like words in the text that match no ingested label (e.g. "baclofen"), for out-of-scope replies.</summary>
    Task<IReadOnlyList<string>> UnknownDrugNamesAsync(string text, CancellationToken cancellationToken = default);
}
