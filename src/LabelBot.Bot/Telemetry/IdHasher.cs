using System.Security.Cryptography;
using System.Text;

namespace LabelBot.Bot.Telemetry;

/// <summary>One-way short hashes of conversation and user ids, for logs and stored feedback (never the ids themselves).</summary>
public static class IdHasher
{
    public static string Hash(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        return Convert.ToHexStringLower(digest.AsSpan(0, 8));
    }
}
