namespace LabelBot.Bot.Escalation;

/// <summary>Pharmacist hand-off settings (section "Escalation"), validated at start.</summary>
public sealed class EscalationOptions
{
    public const string SectionName = "Escalation";

    /// <summary>Told to users who ask for a pharmacist, e.g. "Monday to Friday, 9 am to 5 pm Eastern". Empty: not mentioned.</summary>
    public string? OpeningHours { get; set; }

    /// <summary>Average minutes a pharmacist spends per case, for the expected wait (position × this); 0 shows no estimate.</summary>
    public int MinutesPerCase { get; set; } = 10;

    /// <summary>Turns kept per conversation for the hand-off transcript.</summary>
    public int TranscriptTurns { get; set; } = 30;

    /// <summary>Transcripts and web chat conversations idle this long are deleted (cases and their audit are kept).</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>
    /// Channels that get no Bot Framework handoff.initiate event: Teams answers an event activity with 400 Bad Request
    /// (botframework-sdk#5920); the case is still filed in LabelBot's own queue.
    /// </summary>
    public IList<string> ChannelsWithoutHandoffEvent { get; } = ["msteams"];

    /// <summary>Absolute URL of the console (e.g. https://labelbot.example.org/pharmacist), linked from Teams cards.</summary>
    public string? ConsoleUrl { get; set; }

    /// <summary>Optional Teams channel that gets a card for every new case.</summary>
    public PharmacistsChannelOptions PharmacistsChannel { get; set; } = new();

    public static EscalationOptions Resolve(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new EscalationOptions();
        var section = configuration.GetSection(SectionName);
        section.Bind(options);
        if (section.GetSection(nameof(ChannelsWithoutHandoffEvent)).Get<string[]>() is { } channels)
        {
            options.ChannelsWithoutHandoffEvent.Clear();
            foreach (var channel in channels)
            {
                options.ChannelsWithoutHandoffEvent.Add(channel);
            }
        }
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (MinutesPerCase is < 0 or > 24 * 60)
        {
            throw new InvalidOperationException($"{SectionName}:MinutesPerCase must be between 0 and 1440.");
        }
        if (TranscriptTurns is < 2 or > 500)
        {
            throw new InvalidOperationException($"{SectionName}:TranscriptTurns must be between 2 and 500.");
        }
        if (RetentionDays is < 1 or > 3650)
        {
            throw new InvalidOperationException($"{SectionName}:RetentionDays must be between 1 and 3650.");
        }
        if (!string.IsNullOrWhiteSpace(ConsoleUrl) && !Uri.TryCreate(ConsoleUrl, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"{SectionName}:ConsoleUrl must be an absolute URL.");
        }
        PharmacistsChannel.Validate();
    }
}

/// <summary>Where new-case cards go in Teams: the channel's conversation id (19:…@thread.tacv2) and its service URL.</summary>
public sealed class PharmacistsChannelOptions
{
    public string? ServiceUrl { get; set; }

    public string? ConversationId { get; set; }

    public string? TenantId { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ServiceUrl) && !string.IsNullOrWhiteSpace(ConversationId);

    public void Validate()
    {
        if (!string.IsNullOrWhiteSpace(ServiceUrl) && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException("Escalation:PharmacistsChannel:ServiceUrl must be an absolute URL.");
        }
        if (string.IsNullOrWhiteSpace(ServiceUrl) != string.IsNullOrWhiteSpace(ConversationId))
        {
            throw new InvalidOperationException("Escalation:PharmacistsChannel needs both ServiceUrl and ConversationId.");
        }
    }
}
