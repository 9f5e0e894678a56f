namespace LabelBot.Core.Answering.Routing;

/// <summary>Requests for a person (a pharmacist, a human).</summary>
internal static partial class RoutingLexicon
{
    // ---- escalation --------------------------------------------------------------------------------------------------

    private const string Human =
        @"(?:pharmacist|person|human|someone|somebody|agent|representative|rep|operator|staff|people|nurse|professional)";

    /// <summary>A role assigned to the bot ("you are a pharmacist now", "act as my doctor"): a wrapper, not a request for a person.</summary>
    private const string RoleAssignment =
        @"\b(?:you(?:'re| are)\s+(?:now\s+|a\s+real\s+)?(?:an?|my|the)\s+(?:\w+\s+)?(?:pharmacist|doctor|nurse|human|person|agent)|" +
        @"act(?:ing)?\s+(?:as|like)\s+(?:an?|my|the)\b|pretend(?:ing)?\s+(?:to be|you(?:'re| are))|role-?play|play the role)";

    internal static readonly RoutingRule[] Escalation =
    [
        RoutingRule.Create("escalation:talk-to",
            @"\b(?:talk|speak|chat|text|connect|transfer|put|get|hand|pass|forward|escalate|reach|contact)\b(?:\s+\w+){0,4}?\s+" +
            @"(?:to|with|through to)?\s*(?:an?|the|your|some|one)?\s*(?:real |live |actual |human |licensed )?" + Human + @"\b",
            unless: @"\bmy (?:pharmacist|doctor|nurse|gp)\b|\b(?:should|do|does|must|need to|have to)\s+(?:i|you|we)\s+(?:talk|speak)\b|" +
                    RoleAssignment),
        RoutingRule.Create("escalation:ask-for",
            @"\b(?:pharmacist|human|real person|live person|actual person|live agent|agent|representative|operator|someone real)\b.{0,30}" +
            @"\b(?:talk|speak|chat|help me|available|online|please|now)\b",
            unless: @"\bask (?:a|your|my|the) (?:doctor|pharmacist)\b|" + RoleAssignment),
        RoutingRule.Create("escalation:want",
            @"\b(?:i want|i'd like|i would like|i need|can i have|could i have|give me|get me|let me have)\s+(?:an?\s+|the\s+|some\s+)?" +
            @"(?:real\s+|live\s+|actual\s+|human\s+)?(?:pharmacist|person|human|agent|representative|operator)\b"),
        RoutingRule.Create("escalation:call-me",
            @"\b(?:call|phone|ring|contact|text|email|message)\s+me(?:\s+back)?\b|\b(?:someone|somebody|a person|anyone)\s+(?:from|at)\s+" +
            @"(?:the\s+|your\s+)?(?:pharmacy|clinic|office|store|team)\b"),
        RoutingRule.Create("escalation:one-word",
            @"^\W*(?:(?:a|the|real|live|human|please|talk|speak|to|with)\s+){0,3}(?:pharmacist|human|agent|person|operator|representative)" +
            @"(?:\s+(?:please|now|pls))?\W*$"),
    ];
}
