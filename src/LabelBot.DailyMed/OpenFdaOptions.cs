namespace LabelBot.DailyMed;

/// <summary>
/// Where openFDA's drug label API is and how LabelBot talks to it. The base URL comes from <c>LABELBOT_OPENFDA_URL</c> so
/// tests and mirrors can stand in for api.fda.gov.
/// </summary>
public sealed record OpenFdaOptions : LabelServiceOptions
{
    public const string BaseUrlEnvironmentVariable = "LABELBOT_OPENFDA_URL";

    /// <summary>The public openFDA API (the label endpoint is {base}/drug/label.json).</summary>
    public static readonly Uri PublicBaseUrl = new("https://api.fda.gov");

    public OpenFdaOptions()
        : base(PublicBaseUrl)
    {
    }

    protected override string ServiceName => "openFDA";

    protected override string BaseUrlVariable => BaseUrlEnvironmentVariable;

    /// <summary>Records asked for one drug name (openFDA allows up to 1000 a page).</summary>
    public int SearchLimit { get; init; } = 25;

    /// <summary>Largest response accepted. A record is well under 2 MB.</summary>
    public long MaxResponseBytes { get; init; } = 32L * 1024 * 1024;

    public static OpenFdaOptions FromEnvironment(string downloadsFolder) => new()
    {
        DownloadsFolder = downloadsFolder,
        BaseUrl = ParseBaseUrl(Environment.GetEnvironmentVariable(BaseUrlEnvironmentVariable), BaseUrlEnvironmentVariable) ?? PublicBaseUrl,
    };

    public override void Validate()
    {
        base.Validate();
        if (SearchLimit is < 1 or > 1000 || MaxResponseBytes < 1024)
        {
            throw new ArgumentException("openFDA search limit must be 1–1000 and the size limit at least 1 KB.");
        }
    }
}
