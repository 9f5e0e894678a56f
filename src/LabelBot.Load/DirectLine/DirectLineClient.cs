using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabelBot.Load.DirectLine;

/// <summary>A conversation the host started for one simulated user: its id and the bearer token issued for it.</summary>
public sealed record DirectLineSession(string ConversationId, string Token, string UserId);

/// <summary>Activities after a watermark and the watermark to poll from next.</summary>
public sealed record ActivityPage(IReadOnlyList<DirectLineActivity> Activities, int Watermark);

/// <summary>
/// The Direct Line 3.0 REST calls Web Chat's polling transport makes: start a conversation, post an activity, get
/// activities from a watermark. <paramref name="http"/> must have the host's base address (ending in "/").
/// </summary>
public sealed class DirectLineClient(HttpClient http)
{
    /// <summary>POST /v3/directline/conversations without a token: the host issues one for a new conversation (and says welcome).</summary>
    public async Task<DirectLineSession> StartConversationAsync(string userId, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["user"] = new JsonObject { ["id"] = userId } };
        using var json = await SendAsync("start conversation", HttpMethod.Post, "v3/directline/conversations", body, token: null, cancellationToken);
        var conversationId = RequiredString(json.RootElement, "conversationId");
        var token = RequiredString(json.RootElement, "token");
        return new DirectLineSession(conversationId, token, userId);
    }

    /// <summary>Posts a user message; returns the id the host gave it. The host runs the bot turn before it answers.</summary>
    public async Task<string> PostMessageAsync(DirectLineSession session, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["from"] = new JsonObject { ["id"] = session.UserId, ["role"] = "user" },
            ["channelData"] = new JsonObject { ["clientActivityID"] = Guid.NewGuid().ToString("N") },
        };
        using var json = await SendAsync("post activity", HttpMethod.Post, $"v3/directline/conversations/{Uri.EscapeDataString(session.ConversationId)}/activities",
            activity, session.Token, cancellationToken);
        return RequiredString(json.RootElement, "id");
    }

    public async Task<ActivityPage> GetActivitiesAsync(DirectLineSession session, int watermark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var path = string.Create(CultureInfo.InvariantCulture,
            $"v3/directline/conversations/{Uri.EscapeDataString(session.ConversationId)}/activities?watermark={watermark}");
        using var json = await SendAsync("get activities", HttpMethod.Get, path, body: null, session.Token, cancellationToken);
        if (!json.RootElement.TryGetProperty("activities", out var activities) || activities.ValueKind != JsonValueKind.Array)
        {
            throw new DirectLineException("the activity set has no activities array");
        }
        var next = json.RootElement.TryGetProperty("watermark", out var mark) ? ParseWatermark(mark) : watermark;
        return new ActivityPage(activities.EnumerateArray().Select(DirectLineActivity.FromJson).ToList(), next);
    }

    /// <param name="call">Names the call in errors: paths hold conversation ids, which stay out of messages and logs.</param>
    private async Task<JsonDocument> SendAsync(string call, HttpMethod method, string path, JsonNode? body, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DirectLineException(string.Create(CultureInfo.InvariantCulture, $"http_{(int)response.StatusCode}"),
                $"{call} answered HTTP {(int)response.StatusCode}");
        }
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using (stream)
        {
            try
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            }
            catch (JsonException e)
            {
                throw new DirectLineException($"{call}: the answer is not JSON", e);
            }
        }
    }

    /// <summary>The host sends the watermark as a string (Direct Line's type); a number is accepted too.</summary>
    private static int ParseWatermark(JsonElement mark) => mark.ValueKind switch
    {
        JsonValueKind.Number when mark.TryGetInt32(out var n) => n,
        JsonValueKind.String when int.TryParse(mark.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new DirectLineException("the watermark is not a number"),
    };

    private static string RequiredString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new DirectLineException($"the host's answer has no '{name}'");
}
