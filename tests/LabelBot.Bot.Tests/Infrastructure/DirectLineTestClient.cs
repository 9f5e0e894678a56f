using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>Speaks the Direct Line 3.0 REST protocol the way Web Chat's polling transport does.</summary>
internal sealed class DirectLineTestClient(HttpClient http)
{
    private int _watermark;

    /// <summary>The host this client talks to; a test that restarts the host points it at the new one (same token, same watermark).</summary>
    public HttpClient Http { get; set; } = http;

    public string ConversationId { get; private set; } = "";
    public string Token { get; private set; } = "";
    public string UserId { get; } = "user-" + Guid.NewGuid().ToString("N")[..8];
    public List<JObject> Received { get; } = [];

    /// <summary>The streamUrl the host returned when the conversation started.</summary>
    public Uri? StreamUrl { get; private set; }

    public async Task StartAsync()
    {
        var generated = await SendAsync(HttpMethod.Post, "v3/directline/tokens/generate", new JObject { ["user"] = new JObject { ["id"] = UserId } }, token: null);
        Assert.Equal(HttpStatusCode.OK, generated.Status);
        Token = (string)generated.Body!["token"]!;
        var started = await SendAsync(HttpMethod.Post, "v3/directline/conversations", new JObject());
        Assert.Equal(HttpStatusCode.Created, started.Status);
        ConversationId = (string)started.Body!["conversationId"]!;
        Assert.Equal(Token, (string?)started.Body["token"]);
        StreamUrl = new Uri((string)started.Body["streamUrl"]!);
        Assert.Equal("ws", StreamUrl.Scheme);
        Assert.Equal(Http.BaseAddress!.Authority, StreamUrl.Authority);
    }

    public async Task<string> PostTextAsync(string text)
    {
        var posted = await SendAsync(HttpMethod.Post, $"v3/directline/conversations/{ConversationId}/activities", new JObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["from"] = new JObject { ["id"] = UserId, ["role"] = "user" },
            ["channelData"] = new JObject { ["clientActivityID"] = Guid.NewGuid().ToString("N") },
        });
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        return (string)posted.Body!["id"]!;
    }

    /// <summary>Polls with the watermark until a bot message matching <paramref name="match"/> arrives.</summary>
    public async Task<JObject> WaitForBotMessageAsync(Func<JObject, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var found = Received.FirstOrDefault(a => IsBotMessage(a) && match(a));
            if (found is not null)
            {
                return found;
            }
            await PollAsync();
            await Task.Delay(100);
        }
        throw new TimeoutException("No matching bot message; received: " + string.Join(" | ", Received.Select(a => (string?)a["type"] + ":" + (string?)a["text"])));
    }

    public async Task<IReadOnlyList<JObject>> PollAsync()
    {
        var polled = await SendAsync(HttpMethod.Get, $"v3/directline/conversations/{ConversationId}/activities?watermark={_watermark}", null);
        Assert.Equal(HttpStatusCode.OK, polled.Status);
        var activities = polled.Body!["activities"]!.Cast<JObject>().ToList();
        var next = int.Parse((string)polled.Body["watermark"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(next >= _watermark, "watermark went backwards");
        _watermark = next;
        Received.AddRange(activities);
        return activities;
    }

    public static bool IsBotMessage(JObject activity) => (string?)activity["type"] == "message" && (string?)activity["from"]?["role"] == "bot";

    public async Task<(HttpStatusCode Status, JObject? Body)> SendAsync(HttpMethod method, string path, JObject? body, string? token = "")
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        var bearer = token == "" ? Token : token;
        if (!string.IsNullOrEmpty(bearer))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json");
        }
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JObject.Parse(text));
    }
}
