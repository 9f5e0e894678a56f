using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LabelBot.Labels;

/// <summary>
/// Stable passage ids: the same label version always yields the same ids, so citations stay valid across
/// re-ingests; a new version (or changed text) yields new ones.
/// </summary>
public static class PassageIds
{
    /// <summary>"{first 8 chars of setId}-v{version}-{12 hex of SHA-256}".</summary>
    public static string Create(string setId, int version, string sectionPath, int ordinalInSection, string text)
    {
        ArgumentNullException.ThrowIfNull(setId);
        ArgumentNullException.ThrowIfNull(sectionPath);
        ArgumentNullException.ThrowIfNull(text);
        var textHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var key = string.Join('\n',
            setId,
            version.ToString(CultureInfo.InvariantCulture),
            sectionPath,
            ordinalInSection.ToString(CultureInfo.InvariantCulture),
            textHash[..16]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var prefix = setId.Length > 8 ? setId[..8] : setId;
        return $"{prefix}-v{version.ToString(CultureInfo.InvariantCulture)}-{hash[..12]}";
    }
}
