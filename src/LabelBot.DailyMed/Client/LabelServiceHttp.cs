using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Polly;
using Polly.Timeout;

namespace LabelBot.DailyMed.Client;

/// <summary>
/// The HTTP side shared by the DailyMed and openFDA clients: one bounded GET (retried by the client's resilience handler,
/// <see cref="LabelServiceHttpClients"/>) within the request timeout, body included, and every failure (no network,
/// timeout, HTTP status, broken connection, open circuit, oversized or unreadable body) as a one-line
/// <see cref="DailyMedException"/> naming the service.
/// </summary>
internal sealed class LabelServiceHttp(HttpClient http, string name, Uri baseUrl, TimeSpan requestTimeout)
{
    private readonly HttpClient _http = http;
    private readonly string _name = name;
    private readonly Uri _baseUrl = baseUrl;
    private readonly TimeSpan _requestTimeout = requestTimeout;

    public async Task<byte[]> GetAsync(Uri uri, string what, string accept, long maxBytes, string? notFound, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            ThrowOnFailureStatus(response, what, notFound);
            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw TooLarge(what, maxBytes);
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await ReadBoundedAsync(body, maxBytes, what, timeout.Token);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The resilience handler's total or last attempt timeout, or ours while the body was read.
            throw new DailyMedException(DailyMedErrorKind.Timeout,
                $"{_name} at {_baseUrl.Host} did not answer {what} within {_requestTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s", ex);
        }
        catch (ExecutionRejectedException ex)
        {
            // The circuit breaker is open after repeated failures (or the rate limiter is full): this service is failing.
            throw new DailyMedException(DailyMedErrorKind.ServerError, $"{_name} is failing repeatedly and is not asked for {what} for now; try again later", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex, what);
        }
        catch (IOException ex)
        {
            // HttpIOException and socket resets while reading the body: the server closed the connection early.
            throw new DailyMedException(DailyMedErrorKind.Interrupted, $"the connection to {_name} broke while reading {what}: {OneLine(ex.Message)}", ex);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(Stream body, long maxBytes, string what, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(what, maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private void ThrowOnFailureStatus(HttpResponseMessage response, string what, string? notFound)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var code = (int)response.StatusCode;
        var status = string.IsNullOrEmpty(response.ReasonPhrase)
            ? code.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{code} ({response.ReasonPhrase})");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new DailyMedException(DailyMedErrorKind.NotFound, notFound ?? $"{_name} returned HTTP 404 for {what}; check the {_name} URL");
        }
        if (code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new DailyMedException(DailyMedErrorKind.ServerError, $"{_name} returned HTTP {status} for {what}; try again later");
        }
        throw new DailyMedException(DailyMedErrorKind.InvalidResponse, $"{_name} returned HTTP {status} for {what}");
    }

    private DailyMedException Unreachable(HttpRequestException ex, string what)
    {
        var socketError = FindInner<SocketException>(ex)?.SocketErrorCode;
        var detail = (ex.HttpRequestError, socketError) switch
        {
            (HttpRequestError.NameResolutionError, _) or (_, SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData) =>
                $"no network (the name {_baseUrl.Host} could not be resolved)",
            (_, SocketError.NetworkUnreachable or SocketError.NetworkDown or SocketError.HostUnreachable or SocketError.HostDown) =>
                "no network (the network is unreachable)",
            (_, SocketError.ConnectionRefused) => "no network (the connection was refused)",
            (HttpRequestError.ConnectionError, _) => "no network (" + OneLine(ex.Message) + ")",
            (HttpRequestError.SecureConnectionError, _) => "the secure (TLS) connection failed: " + OneLine(ex.Message),
            _ => null,
        };
        if (detail is null)
        {
            // The connection was made but broke (reset, closed early): this request failed, the next one may not.
            return new DailyMedException(DailyMedErrorKind.Interrupted,
                $"the connection to {_name} broke while reading {what}: {OneLine(FindInner<IOException>(ex)?.Message ?? ex.Message)}", ex);
        }
        return new DailyMedException(DailyMedErrorKind.NoNetwork, $"cannot reach {_name} at {_baseUrl.AbsoluteUri.TrimEnd('/')}: {detail}", ex);
    }

    public T ReadJson<T>(byte[] json, string what, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            return read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new DailyMedException(DailyMedErrorKind.InvalidResponse, $"{_name} returned an unexpected response for {what}: {OneLine(ex.Message)}", ex);
        }
    }

    private DailyMedException TooLarge(string what, long maxBytes) =>
        new(DailyMedErrorKind.InvalidResponse, string.Create(CultureInfo.InvariantCulture, $"{_name}'s response for {what} is larger than {maxBytes / (1024 * 1024)} MB"));


    private static T? FindInner<T>(Exception ex)
        where T : Exception
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }
        return null;
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
