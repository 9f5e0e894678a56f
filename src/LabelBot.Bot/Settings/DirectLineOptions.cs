
namespace LabelBot.Bot.Settings;

/// <summary>
/// Bounds of the built-in Direct Line endpoint (section "LabelBot:DirectLine"): what one conversation and the whole host
/// may store, how much one poll returns, and how long tokens live. Every bound holds whatever a client sends.
/// </summary>
public sealed class DirectLineOptions
{
    /// <summary>Activities kept per conversation (older ones are dropped; watermarks stay absolute).</summary>
    public int MaxActivitiesPerConversation { get; set; } = 500;

    /// <summary>Bytes of stored activity JSON kept per conversation (the oldest activities are dropped beyond it).</summary>
    public int MaxBytesPerConversation { get; set; } = 1024 * 1024;

    /// <summary>A user's activity whose stored form would be larger is refused (413) and not stored.</summary>
    public int MaxUserActivityBytes { get; set; } = 32 * 1024;

    /// <summary>Activities returned by one GET …/activities; the watermark continues from there (as Azure's Direct Line pages).</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Host-wide: conversations stored at once; beyond it new conversations get 503 until idle ones expire.</summary>
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>Lifetime of one token; a refresh issues a new one.</summary>
    public int TokenMinutes { get; set; } = 60;

    /// <summary>No token of a conversation, however often refreshed, outlives this.</summary>
    public int MaxConversationHours { get; set; } = 24;

    /// <summary>After a refresh the previous token keeps working this long (a poll already in flight still succeeds).</summary>
    public int RefreshGraceSeconds { get; set; } = 60;

    /// <summary>Uploads: bytes actually read (chunked or not), file parts, characters of a file name.</summary>
    public int MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    public int MaxUploadFiles { get; set; } = 10;

    public int MaxFileNameLength { get; set; } = 255;

    public TimeSpan TokenLifetime => TimeSpan.FromMinutes(TokenMinutes);

    public TimeSpan MaxConversationLifetime => TimeSpan.FromHours(MaxConversationHours);

    public TimeSpan RefreshGrace => TimeSpan.FromSeconds(RefreshGraceSeconds);

    /// <summary>The most activity JSON the host stores: every conversation full.</summary>
    public long MaxStoredBytes => (long)MaxConversations * MaxBytesPerConversation;

    internal void Validate(string section)
    {
        if (MaxActivitiesPerConversation is < 10 or > 100_000 || PageSize is < 1 or > 1_000 || MaxConversations is < 1 or > 10_000_000)
        {
            throw new InvalidOperationException($"{section}: MaxActivitiesPerConversation 10–100000, PageSize 1–1000, MaxConversations 1–10000000.");
        }
        if (MaxUserActivityBytes is < 4 * 1024 or > 256 * 1024 || MaxBytesPerConversation < MaxUserActivityBytes * 4L || MaxBytesPerConversation > 256 * 1024 * 1024)
        {
            throw new InvalidOperationException($"{section}: MaxUserActivityBytes must be 4 KB–256 KB and MaxBytesPerConversation at least 4 times it (at most 256 MB).");
        }
        if (TokenMinutes is < 1 or > 24 * 60 || MaxConversationHours is < 1 or > 24 * 30 || RefreshGraceSeconds is < 0 or > 600 || TokenLifetime > MaxConversationLifetime)
        {
            throw new InvalidOperationException($"{section}: TokenMinutes 1–1440 (not above MaxConversationHours), MaxConversationHours 1–720, RefreshGraceSeconds 0–600.");
        }
        if (MaxUploadBytes is < 1024 or > 64 * 1024 * 1024 || MaxUploadFiles is < 1 or > 100 || MaxFileNameLength is < 16 or > 1024)
        {
            throw new InvalidOperationException($"{section}: MaxUploadBytes 1 KB–64 MB, MaxUploadFiles 1–100, MaxFileNameLength 16–1024.");
        }
    }
}
