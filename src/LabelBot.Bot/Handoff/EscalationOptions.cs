namespace LabelBot.Bot.Handoff;

/// <summary>Pharmacist hand-off settings (section "Escalation"), validated at start.</summary>
public sealed class EscalationOptions
{
    public const string SectionName = "Escalation";

    /// <summary>Told to users who ask for a pharmacist, e.g. "Monday to Friday, 9 am to 5 pm Eastern". Empty: not mentioned.</summary>
    public string? OpeningHours { get; set; }

    /// <summary>
    /// When pharmacists are on duty, for the bot to be honest outside them: days ("Mon-Fri", "Mon,Wed,Sat"), and local
    /// times "09:00" to "17:00" in <see cref="TimeZone"/> (an IANA id, default UTC). Unset times: always on duty.
    /// </summary>
    public string? OpenDays { get; set; }

    public string? OpenFrom { get; set; }

    public string? OpenUntil { get; set; }

    public string? TimeZone { get; set; }

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
        _ = Schedule();
    }

    /// <summary>True when <paramref name="utc"/> falls in the duty hours (always, when none are configured).</summary>
    public bool IsOnDutyAt(DateTimeOffset utc)
    {
        if (Schedule() is not { } schedule)
        {
            return true;
        }
        var local = System.TimeZoneInfo.ConvertTime(utc, schedule.Zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return schedule.Days.Contains(local.DayOfWeek) && time >= schedule.From && time < schedule.Until;
    }

    private (HashSet<DayOfWeek> Days, TimeOnly From, TimeOnly Until, System.TimeZoneInfo Zone)? Schedule()
    {
        if (string.IsNullOrWhiteSpace(OpenFrom) && string.IsNullOrWhiteSpace(OpenUntil))
        {
            return null;
        }
        if (!TimeOnly.TryParseExact(OpenFrom, "HH:mm", out var from) || !TimeOnly.TryParseExact(OpenUntil, "HH:mm", out var until) || until <= from)
        {
            throw new InvalidOperationException($"{SectionName}:OpenFrom and OpenUntil must both be set as HH:mm, OpenFrom first.");
        }
        System.TimeZoneInfo zone;
        try
        {
            zone = string.IsNullOrWhiteSpace(TimeZone) ? System.TimeZoneInfo.Utc : System.TimeZoneInfo.FindSystemTimeZoneById(TimeZone.Trim());
        }
        catch (Exception ex) when (ex is System.TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"{SectionName}:TimeZone '{TimeZone}' is not a known time zone id (e.g. America/New_York).", ex);
        }
        return (ParseDays(OpenDays), from, until, zone);
    }

    private static HashSet<DayOfWeek> ParseDays(string? days)
    {
        var all = Enum.GetValues<DayOfWeek>();
        if (string.IsNullOrWhiteSpace(days))
        {
            return [.. all];
        }
        DayOfWeek Day(string name)
        {
            var trimmed = name.Trim();
            foreach (var day in all)
            {
                if (trimmed.Length >= 3 && day.ToString().StartsWith(trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return day;
                }
            }
            throw new InvalidOperationException($"{SectionName}:OpenDays: '{name}' is not a day (e.g. Mon-Fri or Mon,Wed,Sat).");
        }
        var result = new HashSet<DayOfWeek>();
        foreach (var part in days.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            var (first, last) = range.Length == 2 ? (Day(range[0]), Day(range[1])) : (Day(part), Day(part));
            for (var d = (int)first; ; d = (d + 1) % 7)
            {
                result.Add((DayOfWeek)d);
                if (d == (int)last)
                {
                    break;
                }
            }
        }
        return result;
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
