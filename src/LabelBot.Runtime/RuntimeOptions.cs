using LabelBot.Core.Answering;
using LabelBot.Llm;
using Microsoft.Extensions.Configuration;

namespace LabelBot.Runtime;

/// <summary>Everything needed to open a LabelBot runtime: where the store is and how to answer.</summary>
public sealed record RuntimeOptions(string DatabasePath)
{
    public AnsweringOptions Answering { get; init; } = new();

    /// <summary>The optional phrasing model; Provider None keeps answers extractive and offline.</summary>
    public LlmOptions Llm { get; init; } = new();

    /// <summary>
    /// How long a conversation's focus (its product and last question) is kept. Bound from the same setting as the
    /// host's transcripts (Escalation:RetentionDays, default 30) so one number governs all stored conversation text.
    /// </summary>
    public TimeSpan ConversationRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Fetching a missing label on demand ("Labels" section; off by default).</summary>
    public LabelsOptions Labels { get; init; } = new();

    /// <summary>
    /// Where on-demand labels come from, tried in order. Null: DailyMed (LABELBOT_DAILYMED_URL or the public service),
    /// downloads kept beside the database. Add a source (e.g. openFDA) by listing it here.
    /// </summary>
    public IReadOnlyList<LabelBot.Core.Retrieval.IOnDemandLabelSource>? OnDemandSources { get; init; }

    /// <summary>SQLite (default, <see cref="DatabasePath"/>) or PostgreSQL.</summary>
    public StorageOptions Storage { get; init; } = new();

    /// <summary>Binds the "Answering", "Labels", "Llm" and "Storage" sections, so the CLI and the host read the same settings the same way.</summary>
    public static RuntimeOptions FromConfiguration(string databasePath, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var answering = new AnsweringOptions();
        configuration.GetSection(AnsweringOptions.SectionName).Bind(answering);
        var labels = new LabelsOptions();
        configuration.GetSection(LabelsOptions.SectionName).Bind(labels);
        labels.Validate();
        return new RuntimeOptions(databasePath)
        {
            Answering = answering,
            Labels = labels,
            Llm = LlmOptions.FromConfiguration(configuration),
            Storage = StorageOptions.FromConfiguration(configuration),
            ConversationRetention = int.TryParse(configuration["Escalation:RetentionDays"], System.Globalization.NumberStyles.Integer,
                System.Globalization.CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 3650
                ? TimeSpan.FromDays(days)
                : TimeSpan.FromDays(30),
        };
    }
}
