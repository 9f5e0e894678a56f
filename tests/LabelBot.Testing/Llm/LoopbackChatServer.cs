using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabelBot.Testing;

/// <summary>A request as the loopback server received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The content of the chat message with this role (system, user).</summary>
    public string Message(string role) =>
        Json["messages"]!.AsArray().Single(m => (string?)m!["role"] == role)!["content"] is JsonValue v
            ? v.GetValue<string>()
            : throw new InvalidOperationException("content is not a string");
}

/// <summary>What the server does with one request.</summary>
public sealed record ScriptedReply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    /// <summary>
    /// When set, status and headers go out at once and the body follows one byte at a time at this pace: an upstream
    /// that stalls or trickles mid-response, which a timeout on the headers alone would not catch.
    /// </summary>
    public TimeSpan TrickleEvery { get; init; }

    /// <summary>A 200 in the OpenAI chat-completions wire format carrying <paramref name="content"/>.</summary>
    public static ScriptedReply Completion(string content, string model = "test-model") => new(200, new JsonObject
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
    }.ToJsonString());

    public static ScriptedReply Error(int status, string message = "upstream failure detail", IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(new { error = new { message, type = "server_error", code = status.ToString(System.Globalization.CultureInfo.InvariantCulture) } }), headers);

    public static ScriptedReply Hang(TimeSpan delay) => Completion("Too late [1].") with { Delay = delay };

    public static ScriptedReply Trickle(TimeSpan every) => Completion("Too slow [1].") with { TrickleEvery = every };
}

/// <summary>
/// An HTTP server on 127.0.0.1 (random port) speaking the chat-completions wire format, answering each request
/// from a script so tests exercise the real SK / OpenAI client stack without any network beyond loopback.
/// </summary>
public sealed class LoopbackChatServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<RecordedRequest, int, ScriptedReply> _script;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Task _loop;
    private int _count;

    /// <param name="script">Reply for a request, given the request and its 0-based index.</param>
    public LoopbackChatServer(Func<RecordedRequest, int, ScriptedReply> script)
    {
        _script = script;
        var port = StartOnFreePort();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public LoopbackChatServer(params ScriptedReply[] replies)
        : this((_, i) => replies[Math.Min(i, replies.Length - 1)])
    {
    }

    public Uri BaseUri { get; }

    public int RequestCount => Volatile.Read(ref _count);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    private int StartOnFreePort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                _listener.Start();
                return port;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // the port was taken between probe and bind; try another
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
            var request = new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Url.Query, headers, body);
            _requests.Enqueue(request);
            var index = Interlocked.Increment(ref _count) - 1;

            var reply = _script(request, index);
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, _stopping.Token);
            }
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.ContentLength64 = bytes.Length;
            if (reply.TrickleEvery > TimeSpan.Zero)
            {
                for (var i = 0; i < bytes.Length; i++)
                {
                    await context.Response.OutputStream.WriteAsync(bytes.AsMemory(i, 1), _stopping.Token);
                    await context.Response.OutputStream.FlushAsync(_stopping.Token);
                    await Task.Delay(reply.TrickleEvery, _stopping.Token);
                }
            }
            else
            {
                await context.Response.OutputStream.WriteAsync(bytes, _stopping.Token);
            }
            context.Response.Close();
        }
        catch (Exception)
        {
            // The client gave up (timeout tests) or the server is stopping: nothing left to answer.
            try
            {
                context.Response.Abort();
            }
            catch (Exception)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
        _stopping.Dispose();
    }
}
