using System.ClientModel;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LabelBot.Llm;

/// <summary>Why a phrasing was unavailable; the only thing about a failure that is logged.</summary>
public enum LlmFailureCategory
{
    Timeout,
    RateLimited,
    ServerError,
    ClientError,
    Network,
    Malformed,
    CircuitOpen,
    Unexpected,
}

/// <summary>Thrown when the service answered 200 but without usable text.</summary>
internal sealed class MalformedReplyException : Exception
{
    public MalformedReplyException() : base("The chat completion carried no text.")
    {
    }

    public MalformedReplyException(string message) : base(message)
    {
    }

    public MalformedReplyException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>Reads failures of the SK / OpenAI client stack: HttpOperationException wraps ClientResultException.</summary>
internal static class LlmFailure
{
    public static LlmFailureCategory Classify(Exception exception)
    {
        if (exception is BrokenCircuitException)
        {
            return LlmFailureCategory.CircuitOpen;
        }
        if (exception is TimeoutRejectedException or OperationCanceledException)
        {
            return LlmFailureCategory.Timeout;
        }
        var status = StatusOf(exception);
        if (status == 429)
        {
            return LlmFailureCategory.RateLimited;
        }
        if (status >= 500)
        {
            return LlmFailureCategory.ServerError;
        }
        if (status >= 400)
        {
            return LlmFailureCategory.ClientError;
        }
        if (Chain(exception).Any(e => e is JsonException or FormatException or MalformedReplyException))
        {
            return LlmFailureCategory.Malformed;
        }
        if (Chain(exception).Any(e => e is HttpRequestException or IOException or SocketException))
        {
            return LlmFailureCategory.Network;
        }
        return LlmFailureCategory.Unexpected;
    }

    /// <summary>Worth another attempt inside the deadline: timeouts, 408/429/5xx, broken connections.</summary>
    public static bool IsTransient(Exception exception, TimeSpan maxRetryAfter)
    {
        var category = Classify(exception);
        return category switch
        {
            LlmFailureCategory.RateLimited => RetryAfterOf(exception) is not { } wait || wait <= maxRetryAfter,
            LlmFailureCategory.ClientError => StatusOf(exception) == 408,
            LlmFailureCategory.Timeout or LlmFailureCategory.ServerError or LlmFailureCategory.Network => exception is not OperationCanceledException,
            _ => false,
        };
    }

    public static int? StatusOf(Exception exception)
    {
        foreach (var e in Chain(exception))
        {
            if (e is HttpOperationException { StatusCode: { } code })
            {
                return (int)code;
            }
            if (e is ClientResultException { Status: > 0 } result)
            {
                return result.Status;
            }
            if (e is HttpRequestException { StatusCode: { } httpCode })
            {
                return (int)httpCode;
            }
        }
        return null;
    }

    /// <summary>The wait the service asked for (retry-after-ms, or Retry-After in seconds or as a date).</summary>
    public static TimeSpan? RetryAfterOf(Exception exception)
    {
        foreach (var e in Chain(exception))
        {
            if (e is not ClientResultException result || result.GetRawResponse() is not { } response)
            {
                continue;
            }
            if (response.Headers.TryGetValue("retry-after-ms", out var ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
            if (response.Headers.TryGetValue("Retry-After", out var retryAfter) && retryAfter is not null)
            {
                if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                {
                    return TimeSpan.FromSeconds(seconds);
                }
                if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
                {
                    var wait = when - DateTimeOffset.UtcNow;
                    return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
                }
            }
        }
        return null;
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
