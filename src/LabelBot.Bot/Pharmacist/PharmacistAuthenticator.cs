using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LabelBot.Bot.Hosting;

namespace LabelBot.Bot.Pharmacist;

/// <summary>Who is using the console: the name given at sign-in (or in X-Pharmacist-Name with a bearer key).</summary>
public sealed record PharmacistIdentity(string Name, bool ViaBearerKey);

/// <summary>
/// The console's sign-in: the shared secret LABELBOT_PHARMACIST_KEY, presented once in the sign-in form (then an
/// HttpOnly, SameSite=Strict cookie signed with a key derived from it) or as <c>Authorization: Bearer KEY</c> on API
/// calls. Without a configured key the console is disabled for everyone. Comparisons are constant-time.
/// </summary>
public sealed class PharmacistAuthenticator
{
    public const string CookieName = "labelbot_pharmacist";
    public const string NameHeader = "X-Pharmacist-Name";
    public const int MinimumKeyLength = 32;
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    private readonly byte[]? _keyDigest;
    private readonly byte[]? _cookieKey;
    private readonly TimeProvider _clock;

    public PharmacistAuthenticator(LabelBotHostOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        if (!string.IsNullOrEmpty(options.PharmacistKey))
        {
            var key = Encoding.UTF8.GetBytes(options.PharmacistKey);
            _keyDigest = SHA256.HashData(key);
            // A separate key for cookies: a cookie never reveals the secret, and changing the secret signs everyone out.
            _cookieKey = HMACSHA256.HashData(key, "labelbot-pharmacist-console-cookie-v1"u8);
        }
    }

    public bool IsEnabled => _keyDigest is not null;

    public bool KeyMatches(string? presented)
    {
        if (_keyDigest is null || string.IsNullOrEmpty(presented))
        {
            return false;
        }
        // Digests have equal length, so the comparison time says nothing about the key's length or prefix.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _keyDigest);
    }

    /// <summary>The identity behind a request: a valid bearer key (name from <see cref="NameHeader"/>) or a valid session cookie.</summary>
    public PharmacistIdentity? Authenticate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsEnabled)
        {
            return null;
        }
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return KeyMatches(authorization["Bearer ".Length..].Trim())
                ? new PharmacistIdentity(PharmacistNames.Normalize(request.Headers[NameHeader].ToString()) ?? "", ViaBearerKey: true)
                : null;
        }
        return request.Cookies.TryGetValue(CookieName, out var cookie) ? ReadSession(cookie) : null;
    }

    public void SignIn(HttpResponse response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        var expires = _clock.GetUtcNow() + SessionLifetime;
        var payload = Base64Url(Encoding.UTF8.GetBytes(name)) + "." + expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        response.Cookies.Append(CookieName, payload + "." + Sign(payload), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = response.HttpContext.Request.IsHttps,
            Path = "/pharmacist",
            Expires = expires,
            IsEssential = true,
        });
    }

    public static void SignOut(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(CookieName, new CookieOptions { Path = "/pharmacist", SameSite = SameSiteMode.Strict, HttpOnly = true });
    }

    private PharmacistIdentity? ReadSession(string cookie)
    {
        var parts = cookie.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        var payload = parts[0] + "." + parts[1];
        var expected = Encoding.ASCII.GetBytes(Sign(payload));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[2]), expected))
        {
            return null;
        }
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresUnix)
            || DateTimeOffset.FromUnixTimeSeconds(expiresUnix) <= _clock.GetUtcNow())
        {
            return null;
        }
        try
        {
            var name = PharmacistNames.Normalize(Encoding.UTF8.GetString(FromBase64Url(parts[0])));
            return name is null ? null : new PharmacistIdentity(name, ViaBearerKey: false);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string Sign(string payload) => Base64Url(HMACSHA256.HashData(_cookieKey!, Encoding.UTF8.GetBytes(payload)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}

/// <summary>Pharmacist display names as typed at sign-in: they appear in the audit log and in replies to users.</summary>
public static class PharmacistNames
{
    public const int MaxLength = 60;

    /// <summary>The trimmed name, or null when empty, too long, or containing anything but letters, digits, spaces and . ' -</summary>
    public static string? Normalize(string? name)
    {
        var trimmed = string.Join(' ', (name ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (trimmed.Length is 0 or > MaxLength)
        {
            return null;
        }
        return trimmed.All(c => char.IsLetterOrDigit(c) || c is ' ' or '.' or '\'' or '-') ? trimmed : null;
    }
}
