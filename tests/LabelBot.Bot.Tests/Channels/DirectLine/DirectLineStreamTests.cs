using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Channels.DirectLine;

/// <summary>
/// Direct Line streaming on the real host (Kestrel on loopback): the streamUrl of a started conversation, opened with a
/// plain WebSocket client, pushes activity sets in the Direct Line 3.0 shape as the bot stores its replies.
/// </summary>
[Collection(BotHostCollection.Name)]
public sealed class DirectLineStreamTests(BotHostFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stream_pushes_the_welcome_then_the_echo_and_the_answer_with_rising_watermarks()
    {
        var client = new DirectLineTestClient(fixture.Host.Http);
        await client.StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(client.StreamUrl!, CancellationToken.None);

        var received = new List<JObject>();
        var watermarks = new List<int>();
        await ReceiveUntilAsync(socket, received, watermarks, a => DirectLineTestClient.IsBotMessage(a));
        Assert.Equal(BotTexts.Get(BotTexts.Welcome), (string?)received.First(DirectLineTestClient.IsBotMessage)["text"]);

        var questionId = await client.PostTextAsync("What are the warnings for ciprofloxacin?");
        var answer = await ReceiveUntilAsync(socket, received, watermarks, a => DirectLineTestClient.IsBotMessage(a) && (string?)a["replyToId"] == questionId);
        Assert.Matches(@"\[\d+\]", (string)answer["text"]!);
        Assert.Equal("directline", (string?)answer["channelId"]);
        // The user's own message comes back once (Web Chat matches it to what it sent), and every activity arrives once.
        Assert.Single(received, a => (string?)a["id"] == questionId);
        Assert.Equal(received.Count, received.Select(a => (string?)a["id"]).Distinct().Count());
        Assert.Equal(watermarks.OrderBy(w => w), watermarks);
        Assert.Equal(watermarks.Count, watermarks.Distinct().Count());

        // What the stream pushed is what polling from the start returns, in the same order.
        var polled = await client.PollAsync();
        Assert.Equal(received.Select(a => (string?)a["id"]), polled.Take(received.Count).Select(a => (string?)a["id"]));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task Reconnect_hands_out_a_stream_that_continues_from_the_watermark()
    {
        var client = new DirectLineTestClient(fixture.Host.Http);
        await client.StartAsync();
        await client.WaitForBotMessageAsync(_ => true);
        var seen = client.Received.Count;
        var reconnect = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}?watermark={seen}", null);
        Assert.Equal(HttpStatusCode.OK, reconnect.Status);
        var streamUrl = new Uri((string)reconnect.Body!["streamUrl"]!);
        Assert.Contains($"watermark={seen}", streamUrl.Query, StringComparison.Ordinal);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(streamUrl, CancellationToken.None);
        var questionId = await client.PostTextAsync("What are the warnings for ciprofloxacin?");
        var received = new List<JObject>();
        await ReceiveUntilAsync(socket, received, [], a => DirectLineTestClient.IsBotMessage(a) && (string?)a["replyToId"] == questionId);
        // Nothing from before the watermark is sent again: the first activity pushed is the new question.
        Assert.Equal(questionId, (string?)received[0]["id"]);
        Assert.DoesNotContain(received, a => client.Received.Take(seen).Any(old => (string?)old["id"] == (string?)a["id"]));
    }

    [Theory]
    [InlineData("made-up-token")]
    [InlineData("")]
    public async Task Stream_refuses_a_token_that_is_not_for_the_conversation(string token)
    {
        var client = new DirectLineTestClient(fixture.Host.Http);
        await client.StartAsync();
        var other = new DirectLineTestClient(fixture.Host.Http);
        await other.StartAsync();
        foreach (var presented in new[] { token, other.Token })
        {
            var forged = new UriBuilder(client.StreamUrl!) { Query = presented.Length == 0 ? "" : "t=" + Uri.EscapeDataString(presented) }.Uri;
            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(forged, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        }
    }

    [Fact]
    public async Task Stream_url_is_only_for_websocket_requests()
    {
        var client = new DirectLineTestClient(fixture.Host.Http);
        await client.StartAsync();
        using var response = await fixture.Host.Http.GetAsync(new Uri(client.StreamUrl!.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>Reads activity sets until an activity matches; every activity and watermark read is collected.</summary>
    private static async Task<JObject> ReceiveUntilAsync(ClientWebSocket socket, List<JObject> received, List<int> watermarks, Func<JObject, bool> match)
    {
        using var timeout = new CancellationTokenSource(Wait);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            var set = JObject.Parse(Encoding.UTF8.GetString(message.ToArray()));
            watermarks.Add(int.Parse((string)set["watermark"]!, CultureInfo.InvariantCulture));
            var activities = set["activities"]!.Cast<JObject>().ToList();
            Assert.NotEmpty(activities);
            received.AddRange(activities);
            if (activities.FirstOrDefault(match) is { } found)
            {
                return found;
            }
        }
    }
}
