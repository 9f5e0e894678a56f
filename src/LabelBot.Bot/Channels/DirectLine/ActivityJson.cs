using System.Text;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>Bot Framework activities are Newtonsoft-shaped; this is the one place that reads and writes them over HTTP.</summary>
public static class ActivityJson
{
    public const int MaxActivityBytes = 256 * 1024;

    public static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        MaxDepth = 64,
        DateParseHandling = DateParseHandling.None,
    };

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    public static JObject ToJObject(Activity activity) => JObject.FromObject(activity, Serializer);

    public static Activity? ToActivity(JObject json)
    {
        try
        {
            return json.ToObject<Activity>(Serializer);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a JSON object body of at most <paramref name="maxBytes"/>; the outcome says why when it is not one.</summary>
    public static async Task<(JObject? Json, int ErrorStatus)> ReadObjectAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, StatusCodes.Status413PayloadTooLarge);
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return (new JObject(), 0);
        }
        var json = ParseObject(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        return json is null ? (null, StatusCodes.Status400BadRequest) : (json, 0);
    }

    public static JObject? ParseObject(string text)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { MaxDepth = 64, DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader) as JObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static IResult Json(JToken body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToString(Formatting.None), "application/json", Encoding.UTF8, status);

    public static IResult Error(int status, string code, string message) =>
        Json(new JObject { ["error"] = new JObject { ["code"] = code, ["message"] = message } }, status);
}
