using LabelBot.Core.Answering;

namespace LabelBot.Bot.Conversations;

public enum TranscriptRole { User, Bot, Pharmacist }

/// <summary>
/// One turn as a pharmacist will read it: who spoke, what was said (user text already redacted), and for the bot's
/// answers the kind and the cited passages. <see cref="Author"/> names a pharmacist; users stay anonymous.
/// </summary>
public sealed record TranscriptEntry(
    DateTimeOffset AtUtc,
    TranscriptRole Role,
    string Text,
    string? Kind = null,
    string? AnswerId = null,
    IReadOnlyList<Citation>? Citations = null,
    string? Author = null)
{
    /// <summary>A user's turn, with obvious identifiers removed before it is stored anywhere.</summary>
    public static TranscriptEntry FromUser(string text, DateTimeOffset atUtc) => new(atUtc, TranscriptRole.User, TranscriptRedactor.Redact(text));

    public static TranscriptEntry FromBot(AnswerResult result, string answerId, DateTimeOffset atUtc)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new TranscriptEntry(atUtc, TranscriptRole.Bot, result.Text, result.Kind.ToWire(), answerId, result.Citations);
    }

    public static TranscriptEntry FromPharmacist(string text, string pharmacist, DateTimeOffset atUtc) =>
        new(atUtc, TranscriptRole.Pharmacist, text, Author: pharmacist);
}
