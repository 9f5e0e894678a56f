using System.Text.Json.Serialization;

namespace LabelBot.Core.Answering;

/// <summary>The kinds of ../shared/CONTRACT.md; JSON names are snake_case.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnswerKind>))]
public enum AnswerKind
{
    [JsonStringEnumMemberName("answer")] Answer,
    [JsonStringEnumMemberName("not_in_label")] NotInLabel,
    [JsonStringEnumMemberName("dosing_redirect")] DosingRedirect,
    [JsonStringEnumMemberName("personal_redirect")] PersonalRedirect,
    [JsonStringEnumMemberName("adverse_event")] AdverseEvent,
    [JsonStringEnumMemberName("emergency")] Emergency,
    [JsonStringEnumMemberName("clarify")] Clarify,
    [JsonStringEnumMemberName("out_of_scope")] OutOfScope,
    [JsonStringEnumMemberName("escalation")] Escalation,
}

public static class AnswerKindNames
{
    public static string ToWire(this AnswerKind kind) => kind switch
    {
        AnswerKind.Answer => "answer",
        AnswerKind.NotInLabel => "not_in_label",
        AnswerKind.DosingRedirect => "dosing_redirect",
        AnswerKind.PersonalRedirect => "personal_redirect",
        AnswerKind.AdverseEvent => "adverse_event",
        AnswerKind.Emergency => "emergency",
        AnswerKind.Clarify => "clarify",
        AnswerKind.OutOfScope => "out_of_scope",
        AnswerKind.Escalation => "escalation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string wire, out AnswerKind kind)
    {
        foreach (var k in Enum.GetValues<AnswerKind>())
        {
            if (string.Equals(k.ToWire(), wire, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}

/// <summary>One cited label passage; <see cref="Quote"/> is verbatim label text.</summary>
public sealed record Citation(
    int N,
    string SetId,
    string Version,
    string EffectiveDate,
    string Title,
    string SectionCode,
    string SectionNumber,
    string SectionTitle,
    string PassageId,
    string Quote,
    string Url);

public sealed record Candidate(string SetId, string Title);

/// <summary>
/// The contract's answer object (what `ask --json` prints and every channel renders). <see cref="ModelWritten"/> says a
/// language model wrote (verified) sentences of <see cref="Text"/>: channels mark only those answers "AI generated". It is
/// not part of the contract's JSON.
/// </summary>
public sealed record AnswerResult(
    AnswerKind Kind,
    string Text,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<Candidate> Candidates,
    IReadOnlyList<string> SuggestedActions,
    long LatencyMs,
    [property: System.Text.Json.Serialization.JsonIgnore] bool ModelWritten = false);

/// <summary>One user turn. <see cref="ConversationId"/> keeps the product in focus across turns.</summary>
public sealed record AnswerRequest(string Question, string? ConversationId = null);

/// <summary>The whole pipeline: Router → ProductResolver → Retriever → Composer → CitationVerifier.</summary>
public interface IAnswerEngine
{
    Task<AnswerResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default);
}
