using System.Security.Cryptography;

namespace LabelBot.Bot.Handoff;

/// <summary>Case ids ("C" + 8 characters) shared by every queue implementation, so a case reads the same whatever the database.</summary>
public static class EscalationCaseIds
{
    // Crockford base32 without look-alikes: ids are read out over the phone.
    private const string IdAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        Span<char> id = stackalloc char[9];
        id[0] = 'C';
        for (var i = 1; i < id.Length; i++)
        {
            id[i] = IdAlphabet[random[i - 1] % IdAlphabet.Length];
        }
        return new string(id);
    }
}
