using System.ComponentModel.DataAnnotations;
using LabelBot.Runtime;
using Microsoft.Extensions.Options;

namespace LabelBot.Bot.Settings;

/// <summary>
/// Settings of the bot host (section "LabelBot"), bound and validated at start (options pattern, ValidateOnStart).
/// Database: LabelBot:DatabasePath, else env LABELBOT_DB, else the shared default; env LABELBOT_PHARMACIST_KEY sets the
/// console secret (both mapped by <see cref="LabelBotEnvironment"/>).
/// </summary>
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
    [Range(100, 20_000, ErrorMessage = "LabelBot:MaxQuestionLength must be between 100 and 20000.")]
    public int MaxQuestionLength { get; set; } = 2000;

    /// <summary>Per-conversation and per-address limits (LabelBot:RateLimit).</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Storage, paging and token bounds of the built-in Direct Line endpoint (LabelBot:DirectLine).</summary>
    public DirectLineOptions DirectLine { get; set; } = new();

    /// <summary>Retry window and deadlines of a turn (LabelBot:Turns).</summary>
    public TurnOptions Turns { get; set; } = new();

    /// <summary>/readyz fails when the label store has not answered its check query within this many seconds.</summary>
    [Range(0d, 60d, MinimumIsExclusive = true, ErrorMessage = "LabelBot:ReadinessTimeoutSeconds must be above 0 and at most 60.")]
    public double ReadinessTimeoutSeconds { get; set; } = 2;
}

/// <summary>
/// What data annotations alone cannot say: the nested sections' ranges (annotations on <see cref="RateLimitOptions"/>,
/// <see cref="TurnOptions"/>, <see cref="DirectLineOptions"/>, which ValidateDataAnnotations does not descend into) and
/// the rules between settings. Every failure names its setting.
/// </summary>
public sealed class LabelBotHostOptionsValidator : IValidateOptions<LabelBotHostOptions>
{
    public ValidateOptionsResult Validate(string? name, LabelBotHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var section in new object[] { options.RateLimit, options.Turns, options.DirectLine })
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true);
            failures.AddRange(results.Select(r => r.ErrorMessage ?? string.Join(", ", r.MemberNames)));
        }
        if (!string.IsNullOrEmpty(options.PharmacistKey) && options.PharmacistKey.Trim().Length < LabelBotHostOptions.MinimumPharmacistKeyLength)
        {
            failures.Add($"LABELBOT_PHARMACIST_KEY must have at least {LabelBotHostOptions.MinimumPharmacistKeyLength} characters so it cannot be guessed (e.g. `openssl rand -base64 32`); the host does not start with a shorter one.");
        }
        if (options.Turns.TimeLimitSeconds <= options.Turns.BudgetSeconds)
        {
            failures.Add("LabelBot:Turns:TimeLimitSeconds must be above BudgetSeconds.");
        }
        if (options.DirectLine.MaxBytesPerConversation < options.DirectLine.MaxUserActivityBytes * 4L)
        {
            failures.Add("LabelBot:DirectLine:MaxBytesPerConversation must be at least 4 times MaxUserActivityBytes.");
        }
        if (options.DirectLine.TokenLifetime > options.DirectLine.MaxConversationLifetime)
        {
            failures.Add("LabelBot:DirectLine:TokenMinutes must not be above MaxConversationHours.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
