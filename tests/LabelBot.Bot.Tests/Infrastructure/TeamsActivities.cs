using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>Activities shaped like the ones Microsoft Teams posts to /api/messages (personal chat).</summary>
internal sealed class TeamsActivities(Uri serviceUrl)
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string BotAppId = "5e1f9a43-7c0b-4d8e-9f26-3a1b2c4d5e6f";

    public string ConversationId { get; } = "a:1" + Guid.NewGuid().ToString("N") + "Xk9_Qz-Lm3";
    public string UserAadObjectId { get; } = Guid.NewGuid().ToString("D");
    public string UserId { get; } = "29:1" + Guid.NewGuid().ToString("N");

    public JObject Message(string? text, string? id = null) => Base("message", id, text);

    public JObject Base(string type, string? id = null, string? text = null)
    {
        var activity = new JObject
        {
            ["type"] = type,
            ["id"] = id ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["localTimestamp"] = DateTimeOffset.Now.ToString("O", CultureInfo.InvariantCulture),
            ["localTimezone"] = "America/New_York",
            ["serviceUrl"] = serviceUrl.ToString(),
            ["channelId"] = "msteams",
            ["from"] = new JObject { ["id"] = UserId, ["name"] = "Avery Pharmacist", ["aadObjectId"] = UserAadObjectId },
            ["conversation"] = new JObject { ["conversationType"] = "personal", ["tenantId"] = TenantId, ["id"] = ConversationId },
            ["recipient"] = new JObject { ["id"] = "28:" + BotAppId, ["name"] = "LabelBot" },
            ["locale"] = "en-US",
            ["entities"] = new JArray(new JObject { ["locale"] = "en-US", ["country"] = "US", ["platform"] = "Web", ["timezone"] = "America/New_York", ["type"] = "clientInfo" }),
            ["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = TenantId } },
        };
        if (text is not null)
        {
            activity["textFormat"] = "plain";
            activity["text"] = text;
        }
        return activity;
    }

    public JObject MembersAdded() => WithMembersAdded(Base("conversationUpdate"));

    private JObject WithMembersAdded(JObject activity)
    {
        activity["membersAdded"] = new JArray(new JObject { ["id"] = UserId, ["aadObjectId"] = UserAadObjectId }, new JObject { ["id"] = "28:" + BotAppId });
        activity["channelData"]!["eventType"] = "conversationUpdate";
        return activity;
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, JObject activity, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/messages", UriKind.Relative))
        {
            Content = new StringContent(activity.ToString(), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }
        return await http.SendAsync(request);
    }
}
