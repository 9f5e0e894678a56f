using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LabelBot.Bot.Bots;

/// <summary>
/// Keys of the host's in-memory turn state (retry detection, rate-limit partitions): a keyed hash of the parts, so that
/// memory holds no conversation id, address or message text, and the keys cannot be matched against guessed values
/// outside this process (the key is random per process and never leaves it).
/// </summary>
public sealed class TurnKeyHasher
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public UInt128 Hash(params ReadOnlySpan<string?> parts)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in parts)
        {
            // Length-prefixed, so ("ab","c") and ("a","bc") differ.
            var bytes = Encoding.UTF8.GetBytes(part ?? "");
            BinaryPrimitives.WriteInt32LittleEndian(length, part is null ? -1 : bytes.Length);
            hmac.AppendData(length);
            hmac.AppendData(bytes);
        }
        Span<byte> digest = stackalloc byte[32];
        hmac.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest[..16]);
    }
}
