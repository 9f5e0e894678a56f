using System.Globalization;
using LabelBot.Bot.Bots;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Telemetry;

namespace LabelBot.Bot.Bots;

/// <summary>
/// One limit on failed authentication for every authenticated route alike (pharmacist console and API, Direct Line
/// tokens, /api/messages): each failure is logged (the address as a keyed hash) and spends a permit of the client
/// address; an address without permits gets 429 on all of them, right key or not, until permits come back. Callers on
/// this machine (loopback after X-Forwarded-For) are logged but never blocked: the bot's own connector calls and local
/// tools come from there, and a local caller can read the database anyway.
/// </summary>
public sealed partial class AuthFailureLimiter : IDisposable
{
    private readonly HashedTokenBuckets _buckets;
    private readonly TurnKeyHasher _hasher;
    private readonly BotTelemetry _telemetry;
    private readonly ILogger<AuthFailureLimiter> _logger;
    private readonly TimeSpan _retryAfter;

    public AuthFailureLimiter(LabelBotHostOptions options, TurnKeyHasher hasher, BotTelemetry telemetry, ILogger<AuthFailureLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_hasher, _telemetry, _logger) = (hasher, telemetry, logger);
        var window = TimeSpan.FromSeconds(options.RateLimit.AuthFailureWindowSeconds);
        _buckets = new HashedTokenBuckets(options.RateLimit.AuthFailuresPerIp, window);
        _retryAfter = window / options.RateLimit.AuthFailuresPerIp;
    }

    /// <summary>429 with Retry-After when the caller's address has spent its failures; null when it may try.</summary>
    public IResult? RefuseIfBlocked(HttpContext context, string route)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ClientAddress.IsLoopback(context.Connection.RemoteIpAddress) || !_buckets.IsExhausted(Key(context)))
        {
            return null;
        }
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(_retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        _telemetry.RecordRateLimited("auth", route, "http_429");
        LogBlocked(_logger, route, AddressTag(context));
        return Results.Json(new { error = "Too many failed sign-ins from this address; retry after the time in Retry-After." }, statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>Logs a failed authentication and spends one of the address's permits.</summary>
    public void RecordFailure(HttpContext context, string route)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (allowed, _) = ClientAddress.IsLoopback(context.Connection.RemoteIpAddress) ? (true, TimeSpan.Zero) : _buckets.TryTake(Key(context));
        if (allowed)
        {
            LogFailed(_logger, route, AddressTag(context));
        }
        else
        {
            LogNowBlocked(_logger, route, AddressTag(context));
        }
    }

    private UInt128 Key(HttpContext context) => _hasher.Hash("auth-failures", ClientRateLimiter.AddressPartition(context.Connection.RemoteIpAddress));

    // The address as a short keyed hash: failures from one address can be grouped in the log without storing it.
    private string AddressTag(HttpContext context) =>
        _hasher.Hash("auth-log", ClientRateLimiter.AddressPartition(context.Connection.RemoteIpAddress)).ToString("x32", CultureInfo.InvariantCulture)[..12];

    public void Dispose() => _buckets.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication failed on {Route} from address #{Address}")]
    private static partial void LogFailed(ILogger logger, string route, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication failed on {Route} from address #{Address}: too many failures, the address gets 429 on authenticated routes for now")]
    private static partial void LogNowBlocked(ILogger logger, string route, string address);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused {Route} from address #{Address}: too many failed authentications")]
    private static partial void LogBlocked(ILogger logger, string route, string address);
}
