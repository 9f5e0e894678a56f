using LabelBot.Bot.Settings;

namespace LabelBot.Bot.Handoff;

public enum PharmacistPresence
{
    /// <summary>Pharmacists can sign in and are on duty.</summary>
    OnDuty,

    /// <summary>Pharmacists can sign in, but not now: a case waits for the next duty hours.</summary>
    OffDuty,

    /// <summary>Nobody can sign in to the console (no key configured): a case would never be seen.</summary>
    Nobody,
}

/// <summary>Whether a pharmacist can see a case, so the bot never promises a reply nobody will give.</summary>
public sealed class PharmacistAvailability(LabelBotHostOptions host, EscalationOptions options, TimeProvider clock)
{
    public PharmacistPresence Now() =>
        !host.PharmacistConsoleEnabled ? PharmacistPresence.Nobody
        : options.IsOnDutyAt(clock.GetUtcNow()) ? PharmacistPresence.OnDuty
        : PharmacistPresence.OffDuty;
}
