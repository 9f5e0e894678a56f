namespace LabelBot.DailyMed;

/// <summary>
/// Where DailyMed is and how LabelBot talks to it. The base URL comes from <c>LABELBOT_DAILYMED_URL</c> so tests and
/// mirrors can stand in for the public service.
/// </summary>
public sealed record DailyMedOptions : LabelServiceOptions
{
    public const string BaseUrlEnvironmentVariable = "LABELBOT_DAILYMED_URL";

    /// <summary>The public DailyMed web services, version 2.</summary>
    public static readonly Uri PublicBaseUrl = new("https://dailymed.nlm.nih.gov/dailymed/services/v2");

    public DailyMedOptions()
        : base(PublicBaseUrl)
    {
    }

    protected override string ServiceName => "DailyMed";

    protected override string BaseUrlVariable => BaseUrlEnvironmentVariable;

    /// <summary>Results per page asked of spls.json (DailyMed allows up to 100).</summary>
    public int SearchPageSize { get; init; } = 100;

    /// <summary>Most search results read for one drug name; a common generic has hundreds of repackager labels.</summary>
    public int MaxSearchResults { get; init; } = 300;

    /// <summary>Largest SPL document accepted from DailyMed. Real labels are well under 10 MB.</summary>
    public long MaxDocumentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How often the bot host checks for newer label versions; null (the default) turns the refresh off.</summary>
    public TimeSpan? RefreshInterval { get; init; }

    /// <summary>Options with the base URL from <c>LABELBOT_DAILYMED_URL</c> when it is set.</summary>
    public static DailyMedOptions FromEnvironment(string downloadsFolder) => new()
    {
        DownloadsFolder = downloadsFolder,
        BaseUrl = ParseBaseUrl(Environment.GetEnvironmentVariable(BaseUrlEnvironmentVariable)) ?? PublicBaseUrl,
    };

    /// <summary>An absolute http(s) URL, or null for empty input; anything else is a configuration error.</summary>
    public static Uri? ParseBaseUrl(string? value) => ParseBaseUrl(value, BaseUrlEnvironmentVariable);

    /// <summary>Throws with a clear message when a setting cannot work.</summary>
    public override void Validate()
    {
        base.Validate();
        if (SearchPageSize is < 1 or > 100 || MaxSearchResults < 1 || MaxDocumentBytes < 1024)
        {
            throw new ArgumentException("DailyMed page size must be 1–100 and the result and size limits positive.");
        }
        if (RefreshInterval is { } interval && interval < TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException("The label refresh interval must be at least one minute (or off).");
        }
    }
}
