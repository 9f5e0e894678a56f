using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using LabelBot.Bot.Bots;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Telemetry;

namespace LabelBot.Bot.Bots;

/// <summary>What <see cref="ClientRateLimiter.Admit"/> decided about one request.</summary>
public readonly record struct ClientAdmission(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// Per-client-address limit on the endpoints that cost work: /api/messages, and Direct Line's conversation starts and
/// posted activities. A refused message still gets a turn that only says "slow down" (<see cref="IsCurrentTurnThrottled"/>);
/// a refused conversation start gets 429 with Retry-After. One <see cref="HashedTokenBuckets"/> bucket per active address.
/// </summary>
public sealed partial class ClientRateLimiter : IDisposable
{
    private static readonly AsyncLocal<bool> Throttled = new();

    private readonly HashedTokenBuckets _buckets;
    private readonly TurnKeyHasher _hasher;
    private readonly BotTelemetry _telemetry;
    private readonly ILogger<ClientRateLimiter> _logger;

    public ClientRateLimiter(LabelBotHostOptions options, TurnKeyHasher hasher, BotTelemetry telemetry, ILogger<ClientRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_hasher, _telemetry, _logger) = (hasher, telemetry, logger);
        _buckets = new HashedTokenBuckets(options.RateLimit.RequestsPerIp, TimeSpan.FromSeconds(options.RateLimit.IpWindowSeconds));
    }

    /// <summary>True inside a turn whose request was over its address's limit: the bot says "slow down" and nothing else.</summary>
    public static bool IsCurrentTurnThrottled => Throttled.Value;

    /// <summary>Takes one permit for the request's client address.</summary>
    public ClientAdmission Admit(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (allowed, retryAfter) = _buckets.TryTake(_hasher.Hash("ip", AddressPartition(context.Connection.RemoteIpAddress)));
        return new ClientAdmission(allowed, retryAfter);
    }

    /// <summary>Runs a bot turn for a request over its limit: the turn only replies "slow down".</summary>
    public static async Task<T> RunThrottledTurnAsync<T>(Func<Task<T>> turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        Throttled.Value = true;
        try
        {
            return await turn();
        }
        finally
        {
            Throttled.Value = false;
        }
    }

    /// <summary>An endpoint filter that answers 429 (with Retry-After) when the caller's address is over its limit.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> RejectOverLimit(string endpoint, Func<IResult> tooMany) =>
        async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            var limiter = http.RequestServices.GetRequiredService<ClientRateLimiter>();
            var admission = limiter.Admit(http);
            if (admission.Allowed)
            {
                return await next(invocation);
            }
            limiter.Refused(http, endpoint, admission);
            return tooMany();
        };

    /// <summary>Records and answers a refusal: Retry-After in whole seconds (at least 1).</summary>
    public void Refused(HttpContext context, string endpoint, ClientAdmission admission)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = Math.Max(1, (int)Math.Ceiling(admission.RetryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        _telemetry.RecordRateLimited("ip", endpoint, "http_429");
        LogRefused(_logger, endpoint, seconds);
    }

    /// <summary>Records a message that will get the "slow down" turn instead of an answer.</summary>
    public void Throttling(string endpoint) => LogThrottled(_logger, endpoint);

    /// <summary>IPv4 addresses as they are; IPv6 by /64 (one host commonly holds a whole /64); unknown ones share one bucket.</summary>
    internal static string AddressPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public void Dispose() => _buckets.Dispose();

    // Debug: a flood would otherwise flood the log too; labelbot.bot.rate_limited counts every refusal.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a {Endpoint} request: the client address is over its rate limit (retry after {Seconds} s)")]
    private static partial void LogRefused(ILogger logger, string endpoint, int seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A {Endpoint} message came from a client address over its rate limit: it gets the slow-down reply")]
    private static partial void LogThrottled(ILogger logger, string endpoint);
}

/// <summary>
/// One token bucket per key (a keyed hash, never the raw id or address), holding <c>permits</c> and refilling them
/// evenly over <c>window</c>; 0 permits switches limiting off. Memory stays bounded: the partitioned limiter drops a
/// bucket once it has been full (idle) for a few seconds.
/// </summary>
internal sealed class HashedTokenBuckets : IDisposable
{
    private readonly PartitionedRateLimiter<UInt128>? _limiter;

    public HashedTokenBuckets(int permits, TimeSpan window)
    {
        if (permits <= 0)
        {
            return;
        }
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = window / permits,
            // The partitioned limiter's own timer refills (and evicts idle) buckets: no timer per bucket.
            AutoReplenishment = false,
            QueueLimit = 0,
        };
        _limiter = PartitionedRateLimiter.Create<UInt128, UInt128>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket));
    }

    /// <summary>Takes one permit for <paramref name="key"/>: allowed, or refused with the wait until the next permit.</summary>
    public (bool Allowed, TimeSpan RetryAfter) TryTake(UInt128 key)
    {
        if (_limiter is null)
        {
            return (true, TimeSpan.Zero);
        }
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return (true, TimeSpan.Zero);
        }
        return (false, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
    }

    /// <summary>True when <paramref name="key"/> has no permit left (without taking one).</summary>
    public bool IsExhausted(UInt128 key) => _limiter?.GetStatistics(key) is { CurrentAvailablePermits: <= 0 };

    public void Dispose() => _limiter?.Dispose();
}
