namespace LabelBot.DailyMed.Client;

/// <summary>Why a DailyMed request failed; callers decide from this whether to go on with other labels.</summary>
public enum DailyMedErrorKind
{
    /// <summary>No route to DailyMed at all: name resolution failed, the network is down or the host refused.</summary>
    NoNetwork,
    /// <summary>DailyMed did not answer within the request timeout.</summary>
    Timeout,
    /// <summary>The connection broke while the response was being read.</summary>
    Interrupted,
    /// <summary>HTTP 404: no such label or page.</summary>
    NotFound,
    /// <summary>HTTP 5xx or 429: DailyMed is failing or busy; try later.</summary>
    ServerError,
    /// <summary>A response that is not what the v2 web services return (other status, malformed JSON, too large).</summary>
    InvalidResponse,
    /// <summary>The document is not a usable SPL label (or not the label asked for).</summary>
    NotSpl,
    /// <summary>The request itself is unusable (for example a set id that is not a GUID).</summary>
    InvalidRequest,
}

/// <summary>
/// A DailyMed request that failed, with a one-line message fit for the terminal
/// ("cannot reach DailyMed at https://…: no network").
/// </summary>
public sealed class DailyMedException : Exception
{
    public DailyMedException(DailyMedErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public DailyMedErrorKind Kind { get; }

    /// <summary>Failures that will hit every further request too, so a batch should stop instead of repeating them.</summary>
    public bool AffectsEveryRequest => Kind == DailyMedErrorKind.NoNetwork;
}
