using LabelBot.Runtime;

namespace LabelBot.Bot.Settings;

/// <summary>Settings of the bot host (section "LabelBot"). Database: --LabelBot:DatabasePath, else env LABELBOT_DB, else the shared default; env LABELBOT_PHARMACIST_KEY sets the console secret.</summary>
public sealed class LabelBotHostOptions
{
    public const string SectionName = "LabelBot";

    /// <summary>SQLite file holding labels (and the feedback table). Default: see <see cref="LabelBotPaths.DefaultDatabasePath"/>.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>SPL folder that seeds an empty database (default: data/labels of the repository).</summary>
    public string? LabelsFolder { get; set; }

    /// <summary>Shortest <see cref="PharmacistKey"/> the host starts with.</summary>
    public const int MinimumPharmacistKeyLength = 32;

    /// <summary>Secret of the pharmacist console (at least <see cref="MinimumPharmacistKeyLength"/> characters); empty means the console refuses everyone.</summary>
    public string? PharmacistKey { get; set; }

    /// <summary>Pharmacists can sign in to the console (a key is configured).</summary>
    public bool PharmacistConsoleEnabled => !string.IsNullOrEmpty(PharmacistKey);

    /// <summary>Questions longer than this are not sent to the engine (a question about a label is short).</summary>
    public int MaxQuestionLength { get; set; } = 2000;

    /// <summary>Per-conversation and per-address limits (LabelBot:RateLimit).</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Storage, paging and token bounds of the built-in Direct Line endpoint (LabelBot:DirectLine).</summary>
    public DirectLineOptions DirectLine { get; set; } = new();

    /// <summary>Retry window and deadlines of a turn (LabelBot:Turns).</summary>
    public TurnOptions Turns { get; set; } = new();

    /// <summary>/readyz fails when the label store has not answered its check query within this many seconds.</summary>
    public double ReadinessTimeoutSeconds { get; set; } = 2;

    public static LabelBotHostOptions Resolve(IConfiguration configuration)
    {
        var options = new LabelBotHostOptions();
        configuration.GetSection(SectionName).Bind(options);

        var dbFromEnvironment = Environment.GetEnvironmentVariable(LabelBotPaths.DatabaseEnvironmentVariable);
        options.DatabasePath = !string.IsNullOrWhiteSpace(options.DatabasePath)
            ? Path.GetFullPath(options.DatabasePath)
            : !string.IsNullOrWhiteSpace(dbFromEnvironment) ? Path.GetFullPath(dbFromEnvironment) : LabelBotPaths.DefaultDatabasePath();
        options.LabelsFolder = string.IsNullOrWhiteSpace(options.LabelsFolder) ? LabelBotPaths.DefaultLabelsFolder() : Path.GetFullPath(options.LabelsFolder);
        var keyFromEnvironment = Environment.GetEnvironmentVariable("LABELBOT_PHARMACIST_KEY");
        if (!string.IsNullOrWhiteSpace(keyFromEnvironment))
        {
            options.PharmacistKey = keyFromEnvironment;
        }
        if (!string.IsNullOrEmpty(options.PharmacistKey) && options.PharmacistKey.Trim().Length < MinimumPharmacistKeyLength)
        {
            throw new InvalidOperationException(
                $"LABELBOT_PHARMACIST_KEY must have at least {MinimumPharmacistKeyLength} characters so it cannot be guessed (e.g. `openssl rand -base64 32`); the host does not start with a shorter one.");
        }
        if (options.MaxQuestionLength is < 100 or > 20_000)
        {
            throw new InvalidOperationException($"{SectionName}:MaxQuestionLength must be between 100 and 20000.");
        }
        options.RateLimit.Validate(SectionName + ":RateLimit");
        options.Turns.Validate(SectionName + ":Turns");
        options.DirectLine.Validate(SectionName + ":DirectLine");
        if (options.ReadinessTimeoutSeconds is <= 0 or > 60)
        {
            throw new InvalidOperationException($"{SectionName}:ReadinessTimeoutSeconds must be above 0 and at most 60.");
        }
        return options;
    }
}
