using System.Text.Json;
using LabelBot.Core.Labels;
using LabelBot.Core.Retrieval;

namespace LabelBot.Search.Storage;

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

    /// <summary>The outcome when <paramref name="storedVersion"/> (equal or newer) is already stored: nothing is written.</summary>
    public static IngestOutcome Unchanged(LabelDocument label, int storedVersion)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new IngestOutcome(label.SetId, label.Version, IngestStatus.Unchanged,
            storedVersion == label.Version ? "this version is already stored" : $"a newer version ({storedVersion}) is already stored");
    }

    /// <summary>The outcome of a committed save: added when the set id was new, else superseding <paramref name="previousVersion"/>.</summary>
    public static IngestOutcome Saved(LabelDocument label, int? previousVersion)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new IngestOutcome(label.SetId, label.Version, previousVersion is null ? IngestStatus.Added : IngestStatus.Superseded,
            previousVersion is null ? null : $"replaces version {previousVersion}");
    }

    /// <summary>The products column: a JSON array of <see cref="LabelProduct"/> (web casing).</summary>
    public static string SerializeProducts(IReadOnlyList<LabelProduct>? products) =>
        JsonSerializer.Serialize(products ?? [], ProductJson);

    public static IReadOnlyList<LabelProduct> DeserializeProducts(string json) =>
        JsonSerializer.Deserialize<List<LabelProduct>>(json, ProductJson) ?? [];
}
