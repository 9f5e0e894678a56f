namespace LabelBot.Labels.Tests.Fuzzing;

/// <summary>How a real label was damaged.</summary>
public enum MutationKind
{
    Truncate,
    FlipBytes,
    DeleteSlice,
    WrongNamespace,
    MissingNamespace,
    DeepSections,
    DeepInline,
    BillionLaughs,
    ExternalEntity,
    HugeAttribute,
    HugeText,
    DuplicateSetId,
    MissingSetId,
    DuplicateVersion,
    MissingVersion,
    InvalidUtf8,
    WrongEncoding,
    ZipJunk,
}

/// <summary>
/// One damaged copy of a real SPL file. <see cref="MustBeRejected"/> is set when the damage leaves no valid label
/// (a DOCTYPE, a missing set id, a cut before the root closes …); otherwise either outcome is fine as long as it is a
/// sane document or a <see cref="LabelParseException"/>.
/// </summary>
public sealed record SplMutant(int Seed, int Index, MutationKind Kind, string SourceFile, string Detail, byte[] Bytes, bool MustBeRejected, string? ReasonFragment = null)
{
    /// <summary>A file name that says what the mutant is (zip junk keeps a .zip name so ingest treats it as an archive).</summary>
    public string FileName => $"mutant-{Index:D3}-{Kind}.{(Kind == MutationKind.ZipJunk ? "zip" : "xml")}";

    /// <summary>Everything needed to reproduce a failure: run the fuzz tests with LABELBOT_FUZZ_SEED set to <see cref="Seed"/>.</summary>
    public override string ToString() =>
        $"fuzz seed {Seed} (set LABELBOT_FUZZ_SEED={Seed} to replay), mutant #{Index}: {Kind} of {SourceFile} ({Detail}), {Bytes.Length} bytes";
}
