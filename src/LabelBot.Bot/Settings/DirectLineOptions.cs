using System.ComponentModel.DataAnnotations;

namespace LabelBot.Bot.Settings;

/// <summary>
/// Bounds of the built-in Direct Line endpoint (section "LabelBot:DirectLine"): what one conversation and the whole host
/// may store, how much one poll returns, and how long tokens live. Every bound holds whatever a client sends.
/// </summary>
public sealed class DirectLineOptions
{
    /// <summary>Activities kept per conversation (older ones are dropped; watermarks stay absolute).</summary>
    [Range(10, 100_000, ErrorMessage = "LabelBot:DirectLine:MaxActivitiesPerConversation must be between 10 and 100000.")]
    public int MaxActivitiesPerConversation { get; set; } = 500;

    /// <summary>Bytes of stored activity JSON kept per conversation (the oldest activities are dropped beyond it).</summary>
    [Range(16 * 1024, 256 * 1024 * 1024, ErrorMessage = "LabelBot:DirectLine:MaxBytesPerConversation must be at least 4 times MaxUserActivityBytes and at most 256 MB.")]
    public int MaxBytesPerConversation { get; set; } = 1024 * 1024;

    /// <summary>A user's activity whose stored form would be larger is refused (413) and not stored.</summary>
    [Range(4 * 1024, 256 * 1024, ErrorMessage = "LabelBot:DirectLine:MaxUserActivityBytes must be 4 KB–256 KB.")]
    public int MaxUserActivityBytes { get; set; } = 32 * 1024;

    /// <summary>Activities returned by one GET …/activities; the watermark continues from there (as Azure's Direct Line pages).</summary>
    [Range(1, 1_000, ErrorMessage = "LabelBot:DirectLine:PageSize must be between 1 and 1000.")]
    public int PageSize { get; set; } = 50;

    /// <summary>Host-wide: conversations stored at once; beyond it new conversations get 503 until idle ones expire.</summary>
    [Range(1, 10_000_000, ErrorMessage = "LabelBot:DirectLine:MaxConversations must be between 1 and 10000000.")]
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>Lifetime of one token; a refresh issues a new one.</summary>
    [Range(1, 24 * 60, ErrorMessage = "LabelBot:DirectLine:TokenMinutes must be between 1 and 1440 (and not above MaxConversationHours).")]
    public int TokenMinutes { get; set; } = 60;

    /// <summary>No token of a conversation, however often refreshed, outlives this.</summary>
    [Range(1, 24 * 30, ErrorMessage = "LabelBot:DirectLine:MaxConversationHours must be between 1 and 720.")]
    public int MaxConversationHours { get; set; } = 24;

    /// <summary>After a refresh the previous token keeps working this long (a poll already in flight still succeeds).</summary>
    [Range(0, 600, ErrorMessage = "LabelBot:DirectLine:RefreshGraceSeconds must be between 0 and 600.")]
    public int RefreshGraceSeconds { get; set; } = 60;

    /// <summary>Uploads: bytes actually read (chunked or not), file parts, characters of a file name.</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "LabelBot:DirectLine:MaxUploadBytes must be 1 KB–64 MB.")]
    public int MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    [Range(1, 100, ErrorMessage = "LabelBot:DirectLine:MaxUploadFiles must be between 1 and 100.")]
    public int MaxUploadFiles { get; set; } = 10;

    [Range(16, 1024, ErrorMessage = "LabelBot:DirectLine:MaxFileNameLength must be between 16 and 1024.")]
    public int MaxFileNameLength { get; set; } = 255;

    public TimeSpan TokenLifetime => TimeSpan.FromMinutes(TokenMinutes);

    public TimeSpan MaxConversationLifetime => TimeSpan.FromHours(MaxConversationHours);

    public TimeSpan RefreshGrace => TimeSpan.FromSeconds(RefreshGraceSeconds);

    /// <summary>The most activity JSON the host stores: every conversation full.</summary>
    public long MaxStoredBytes => (long)MaxConversations * MaxBytesPerConversation;
}
