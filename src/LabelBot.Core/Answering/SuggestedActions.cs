namespace LabelBot.Core.Answering;

/// <summary>Suggested-action texts that channels render as buttons; hosts match on these exact strings.</summary>
public static class SuggestedActions
{
    /// <summary>Offered by every redirect, emergency and not_in_label reply; a channel turns it into an escalation.</summary>
    public const string TalkToPharmacist = "Talk to a pharmacist";
}
