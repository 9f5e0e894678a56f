using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using LabelBot.Bot.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LabelBot.Bot.Console;

/// <summary>
/// The console's sign-in: the shared secret LABELBOT_PHARMACIST_KEY, presented once in the sign-in form (then an ASP.NET
/// Core authentication cookie: HttpOnly, SameSite=Strict, Secure on HTTPS, protected by Data Protection, whose session
/// lives in the database so signing out ends it for every copy of the cookie) or as <c>Authorization: Bearer KEY</c> on
/// API calls. A session also ends when the key changes (its fingerprint is checked on every request, and the key ring is
/// encrypted under the key). Without a configured key the console is disabled for everyone. Comparisons are constant-time.
/// </summary>
public sealed class PharmacistAuthenticator
{
    public const string Scheme = "LabelBotConsole";
    public const string CookieName = "labelbot_pharmacist";
    public const string NameHeader = "X-Pharmacist-Name";
    public const int MinimumKeyLength = LabelBotHostOptions.MinimumPharmacistKeyLength;
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);
    private const string KeyClaim = "labelbot:console-key";

    private readonly byte[]? _keyDigest;
    private readonly string? _keyFingerprint;
    private readonly TimeProvider _clock;

    public PharmacistAuthenticator(LabelBotHostOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        if (!string.IsNullOrEmpty(options.PharmacistKey))
        {
            var key = Encoding.UTF8.GetBytes(options.PharmacistKey);
            _keyDigest = SHA256.HashData(key);
            // Which key a session was opened with, without revealing it: changing the key signs everyone out.
            _keyFingerprint = Convert.ToBase64String(HMACSHA256.HashData(key, "labelbot-pharmacist-console-session-v2"u8));
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

    public Task SignInAsync(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(KeyClaim, _keyFingerprint!)], Scheme);
        return context.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            IsPersistent = true,
            IssuedUtc = _clock.GetUtcNow(),
            ExpiresUtc = _clock.GetUtcNow() + SessionLifetime,
            AllowRefresh = false,
        });
    }

    /// <summary>Deletes the session in the database (so a copied cookie no longer works) and the cookie.</summary>
    public static Task SignOutAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.SignOutAsync(Scheme);
    }

    /// <summary>Configures the cookie scheme: server-side sessions in <see cref="IConsoleStateStore"/>, checked against the current key.</summary>
    internal static void ConfigureCookie(CookieAuthenticationOptions options, ITicketStore sessions, PharmacistAuthenticator authenticator)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.Path = "/pharmacist";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Cookie.IsEssential = true;
        options.ExpireTimeSpan = SessionLifetime;
        options.SlidingExpiration = false;
        options.SessionStore = sessions;
        options.TimeProvider = authenticator._clock;
        options.Events.OnValidatePrincipal = async context =>
        {
            if (context.Principal?.FindFirst(KeyClaim)?.Value is not { } fingerprint || authenticator._keyFingerprint is not { } current
                || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(fingerprint), Encoding.ASCII.GetBytes(current)))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(Scheme);
            }
        };
        // Pages go to the sign-in form (without a ReturnUrl: the console has one home); the API answers 401 in JSON.
        options.Events.OnRedirectToLogin = context => ConsoleAuthentication.ChallengeAsync(context.HttpContext);
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
