namespace LabelBot.Labels;

/// <summary>
/// A file that is not a usable SPL label. <see cref="Reason"/> is one line, fit for an ingest report.
/// </summary>
public sealed class LabelParseException : Exception
{
    public LabelParseException(string source, string reason)
        : base($"{source}: {reason}")
    {
        SourceName = source;
        Reason = reason;
    }

    public LabelParseException(string source, string reason, Exception innerException)
        : base($"{source}: {reason}", innerException)
    {
        SourceName = source;
        Reason = reason;
    }

    /// <summary>The file (or zip entry) that was rejected.</summary>
    public string SourceName { get; }

    /// <summary>Why it was rejected, on one line.</summary>
    public string Reason { get; }
}
