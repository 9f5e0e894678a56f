using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>
/// Direct Line 3.0 streaming: the conversation's activities pushed over a WebSocket as activity sets
/// ({"activities":[…],"watermark":"N"}, the same shape as a GET of activities), first everything after the watermark
/// the client asked from, then each new one as it is stored. The stream waits on <see cref="DirectLineActivityFeed"/>,
/// never on a timer. It ends when the client closes it, the host stops, or the token it was opened with expires (Web
/// Chat then reconnects through GET /conversations/{id}?watermark=… with its current token).
/// </summary>
public static class DirectLineStream
{
    private const int ReceiveBufferBytes = 4 * 1024;
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The streamUrl of a conversation for a token: ws(s)://this host/…/stream?t=…[&amp;watermark=…].</summary>
    public static string Url(HttpRequest request, string prefix, string conversationId, string token, string? watermark)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scheme = request.IsHttps ? "wss" : "ws";
        var url = $"{scheme}://{request.Host}{request.PathBase}{prefix}/conversations/{Uri.EscapeDataString(conversationId)}/stream?t={Uri.EscapeDataString(token)}";
        return int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var from) ? $"{url}&watermark={from}" : url;
    }

    public static async Task RunAsync(WebSocket socket, DirectLineConversation conversation, int watermark, IDirectLineStore store, DirectLineActivityFeed feed,
        TimeProvider clock, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(feed);
        using var subscription = feed.Subscribe(conversation.Id);
        var remaining = conversation.TokenExpiresUtc - clock.GetUtcNow();
        using var expiry = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, clock);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(stopping, expiry.Token);
        // Cancelling a pending receive aborts the socket, so the reader has its own token, used only if the client never
        // answers our close.
        using var abort = new CancellationTokenSource();
        var receiving = ReceiveUntilClosedAsync(socket, end, abort.Token);
        try
        {
            while (!end.IsCancellationRequested)
            {
                var set = await store.GetActivitiesAsync(conversation.Id, watermark, end.Token);
                if (set is null)
                {
                    break; // the conversation expired and was deleted
                }
                watermark = int.Parse(set.Watermark, NumberStyles.None, CultureInfo.InvariantCulture);
                if (set.Activities.Count > 0)
                {
                    await SendAsync(socket, set, end.Token);
                    continue; // a full page may have more behind it
                }
                await subscription.WaitAsync(end.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client left, the host stops or the token expired: close below.
        }
        await CloseAsync(socket, expiry.IsCancellationRequested ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure);
        try
        {
            await receiving.WaitAsync(CloseTimeout, clock, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            await abort.CancelAsync();
            await receiving;
        }
    }

    private static Task SendAsync(WebSocket socket, DirectLineActivitySet set, CancellationToken cancellationToken)
    {
        var json = new JObject { ["activities"] = new JArray(set.Activities), ["watermark"] = set.Watermark }.ToString(Formatting.None);
        return socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    /// <summary>Reads and drops what the client sends (Web Chat pings with empty messages) until it closes; then ends the stream.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource end, CancellationToken abort)
    {
        var buffer = new byte[ReceiveBufferBytes];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, abort);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed or aborted: the stream ends either way.
        }
        await end.CancelAsync();
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await socket.CloseOutputAsync(status, null, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The peer is gone; nothing left to tell it.
        }
    }
}
