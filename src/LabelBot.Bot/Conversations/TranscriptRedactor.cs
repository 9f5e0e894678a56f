using System.Text.RegularExpressions;

namespace LabelBot.Bot.Conversations;

/// <summary>
/// Strips obvious identifiers from what users type before it is stored for a pharmacist: e-mail addresses, phone
/// numbers and long digit runs (record, member, card or social security numbers, dates of birth). Not a full
/// de-identification: names and free-text details stay, which is why transcripts are bounded and expire.
/// </summary>
public static partial class TranscriptRedactor
{
    public const string Email = "[email removed]";
    public const string Phone = "[phone removed]";
    public const string Number = "[number removed]";

    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redacted = EmailPattern().Replace(text, Email);
        redacted = PhonePattern().Replace(redacted, Phone);
        return DigitRunPattern().Replace(redacted, Number);
    }

    [GeneratedRegex(@"[A-Z0-9._%+\-]+@[A-Z0-9.\-]+\.[A-Z]{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex EmailPattern();

    // (555) 123-4567, 555-123-4567, +1 555 123 4567, 555.123.4567
    [GeneratedRegex(@"(?<![\w\-])(?:\+?\d{1,3}[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-]?)\d{3}[\s.\-]?\d{4}(?![\w\-])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex PhonePattern();

    // Six or more digits, optionally split by spaces, dots, slashes or dashes (123-45-6789, 01/02/1980, 4111 1111 1111 1111).
    [GeneratedRegex(@"(?<!\w)\d(?:[\s./\-]?\d){5,}(?!\w)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 500)]
    private static partial Regex DigitRunPattern();
}
