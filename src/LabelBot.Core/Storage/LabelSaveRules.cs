using System.Text.Json;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Core.Storage;

/// <summary>
/// What every label store (SQLite, PostgreSQL) agrees on when saving a label version: the input checks, the
/// outcomes and their wording, and the JSON of the products column. Kept in one place so the stores cannot drift.
/// </summary>
public static class LabelSaveRules
{
    private static readonly JsonSerializerOptions ProductJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless the passages belong to the label and pair up with embeddings of
    /// <paramref name="dimensions"/>. No embeddings at all is allowed: the vectors come later (<see cref="IPassageVectorStore"/>).
    /// </summary>
    public static void Validate(LabelDocument label, IReadOnlyList<Passage> passages, IReadOnlyList<float[]> embeddings, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(embeddings);
        if (string.IsNullOrWhiteSpace(label.SetId))
        {
            throw new ArgumentException("The label has no set id.", nameof(label));
        }
        if (embeddings.Count != 0 && passages.Count != embeddings.Count)
        {
            throw new ArgumentException($"{passages.Count} passages but {embeddings.Count} embeddings; they must pair up in order.", nameof(embeddings));
        }
        for (var i = 0; i < passages.Count; i++)
        {
            var passage = passages[i];
            if (!string.Equals(passage.SetId, label.SetId, StringComparison.Ordinal) || passage.Version != label.Version)
            {
                throw new ArgumentException($"Passage {passage.Id} belongs to {passage.SetId} v{passage.Version}, not to {label.SetId} v{label.Version}.", nameof(passages));
            }
            if (embeddings.Count != 0 && (embeddings[i] is null || embeddings[i].Length != dimensions))
            {
                throw new ArgumentException($"Embedding {i} has {embeddings[i]?.Length ?? 0} dimensions; this store holds {dimensions}.", nameof(embeddings));
            }
        }
    }

    /// <summary>What a save does given the newest stored version of the set (and where that copy came from).</summary>
    public enum Decision { Save, Unchanged, ReplaceSameVersion }

    /// <summary>
    /// Higher version wins; a label with no stated version (0) is below every real one, so it never replaces a versioned
    /// copy. At the same version an SPL file replaces an openFDA record (the SPL is the label as authored; the record a
    /// flattened, possibly incomplete, copy of it); anything else at the same version is a no-op.
    /// </summary>
    public static Decision Decide(LabelDocument label, int? storedVersion, LabelSource storedSource)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (storedVersion is not { } stored || label.Version > stored)
        {
            return Decision.Save;
        }
        return stored == label.Version && label.Source == LabelSource.Spl && storedSource == LabelSource.OpenFda
            ? Decision.ReplaceSameVersion
            : Decision.Unchanged;
    }

    /// <summary>The stored source column value, tolerant of unknown text (older rows default to SPL).</summary>
    public static LabelSource ParseSource(string? value) =>
        Enum.TryParse<LabelSource>(value, out var source) ? source : LabelSource.Spl;

    /// <summary>The missing-sections column: newline-separated titles, or null for a complete copy.</summary>
    public static string? SerializeMissingSections(IReadOnlyList<string> missing) =>
        missing is { Count: > 0 } ? string.Join('\n', missing) : null;

    public static IReadOnlyList<string> DeserializeMissingSections(string? value) =>
        string.IsNullOrEmpty(value) ? [] : value.Split('\n');

    /// <summary>The outcome when <paramref name="storedVersion"/> (equal or newer) is already stored: nothing is written.</summary>
    public static IngestOutcome Unchanged(LabelDocument label, int storedVersion)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new IngestOutcome(label.SetId, label.Version, IngestStatus.Unchanged,
            storedVersion == label.Version ? "this version is already stored" : $"a newer version ({storedVersion}) is already stored");
    }

    /// <summary>The outcome of a committed save: added when the set id was new, else superseding <paramref name="previousVersion"/>.</summary>
    public static IngestOutcome Saved(LabelDocument label, int? previousVersion, bool replacedSameVersion = false)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (replacedSameVersion)
        {
            return new IngestOutcome(label.SetId, label.Version, IngestStatus.Superseded, $"replaces the openFDA copy of version {previousVersion}");
        }
        return new IngestOutcome(label.SetId, label.Version, previousVersion is null ? IngestStatus.Added : IngestStatus.Superseded,
            previousVersion is null ? null : $"replaces version {previousVersion}");
    }

    /// <summary>The products column: a JSON array of <see cref="LabelProduct"/> (web casing).</summary>
    public static string SerializeProducts(IReadOnlyList<LabelProduct>? products) =>
        JsonSerializer.Serialize(products ?? [], ProductJson);

    public static IReadOnlyList<LabelProduct> DeserializeProducts(string json) =>
        JsonSerializer.Deserialize<List<LabelProduct>>(json, ProductJson) ?? [];
}
