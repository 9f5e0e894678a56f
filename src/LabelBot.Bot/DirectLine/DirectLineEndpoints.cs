using System.Globalization;
using System.Text;
using LabelBot.Bot.Hosting;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.DirectLine;

/// <summary>
/// A Direct Line 3.0–compatible endpoint (the subset Web Chat uses, with polling) so the page works with no Azure:
/// tokens/generate, tokens/refresh, conversations (start / reconnect), activities (post / get with watermark), upload.
/// </summary>
public static class DirectLineEndpoints
{
    private const string Prefix = "/v3/directline";
    private const int MaxUploadBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapDirectLineEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        // Starting conversations costs storage: an address over its limit gets 429 (there is no conversation to reply in).
        group.MapPost("/tokens/generate", GenerateTokenAsync).AddEndpointFilter(ClientRateLimiter.RejectOverLimit("directline_start", TooManyRequests));
        group.MapPost("/tokens/refresh", RefreshTokenAsync);
        group.MapPost("/conversations", StartConversationAsync).AddEndpointFilter(ClientRateLimiter.RejectOverLimit("directline_start", TooManyRequests));
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapPost("/conversations/{conversationId}/upload", UploadAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> GenerateTokenAsync(HttpRequest request, IDirectLineStore store, CancellationToken cancellationToken)
    {
        var (body, error) = await ActivityJson.ReadObjectAsync(request, 16 * 1024, cancellationToken);
        if (body is null)
        {
            return ActivityJson.Error(error, "BadArgument", "The body must be a JSON object.");
        }
        var issued = await store.CreateConversationAsync(UserIdFrom(body), cancellationToken);
        return ActivityJson.Json(ConversationJson(issued.Conversation, issued.Token));
    }

    private static async Task<IResult> RefreshTokenAsync(HttpRequest request, IDirectLineStore store, CancellationToken cancellationToken)
    {
        var token = BearerToken(request);
        var conversation = token is null ? null : await store.RefreshTokenAsync(token, cancellationToken);
        return conversation is null
            ? ActivityJson.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token is unknown or expired.")
            : ActivityJson.Json(ConversationJson(conversation, token!));
    }

    /// <summary>
    /// With a token: the conversation it was issued for. Without one (local development, like the Emulator): a new
    /// conversation. Either way the bot says welcome on the first start.
    /// </summary>
    private static async Task<IResult> StartConversationAsync(HttpRequest request, IDirectLineStore store, DirectLineBridge bridge, CancellationToken cancellationToken)
    {
        var (body, error) = await ActivityJson.ReadObjectAsync(request, 16 * 1024, cancellationToken);
        if (body is null)
        {
            return ActivityJson.Error(error, "BadArgument", "The body must be a JSON object.");
        }
        var token = BearerToken(request);
        DirectLineConversation? conversation;
        if (token is null)
        {
            var issued = await store.CreateConversationAsync(UserIdFrom(body), cancellationToken);
            (conversation, token) = (issued.Conversation, issued.Token);
        }
        else
        {
            conversation = await store.FindByTokenAsync(token, cancellationToken);
            if (conversation is null)
            {
                return ActivityJson.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token is unknown or expired.");
            }
        }
        await bridge.StartAsync(conversation);
        return ActivityJson.Json(ConversationJson(conversation, token), StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReconnectAsync(string conversationId, HttpRequest request, IDirectLineStore store, CancellationToken cancellationToken)
    {
        var (conversation, failure) = await AuthorizeAsync(conversationId, request, store, cancellationToken);
        return failure ?? ActivityJson.Json(ConversationJson(conversation!, BearerToken(request)!));
    }

    private static async Task<IResult> GetActivitiesAsync(string conversationId, string? watermark, HttpRequest request, IDirectLineStore store, CancellationToken cancellationToken)
    {
        var (conversation, failure) = await AuthorizeAsync(conversationId, request, store, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }
        var from = int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        var set = await store.GetActivitiesAsync(conversation!.Id, from, cancellationToken);
        if (set is null)
        {
            return NotFound();
        }
        return ActivityJson.Json(new JObject { ["activities"] = new JArray(set.Activities), ["watermark"] = set.Watermark });
    }

    private static async Task<IResult> PostActivityAsync(string conversationId, HttpRequest request, IDirectLineStore store, DirectLineBridge bridge, ClientRateLimiter limiter, CancellationToken cancellationToken)
    {
        var (conversation, failure) = await AuthorizeAsync(conversationId, request, store, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }
        var (body, error) = await ActivityJson.ReadObjectAsync(request, ActivityJson.MaxActivityBytes, cancellationToken);
        var activity = body is null ? null : ActivityJson.ToActivity(body);
        if (activity is null)
        {
            return ActivityJson.Error(error == 0 ? StatusCodes.Status400BadRequest : error, "BadArgument", "The body must be one activity (JSON object).");
        }
        return await PostAsync(conversation!, activity, bridge, limiter, request.HttpContext);
    }

    /// <summary>Web Chat sends file attachments as multipart: the activity JSON plus the files. Files are not kept, only their names and types.</summary>
    private static async Task<IResult> UploadAsync(string conversationId, HttpRequest request, IDirectLineStore store, DirectLineBridge bridge, ClientRateLimiter limiter, CancellationToken cancellationToken)
    {
        var (conversation, failure) = await AuthorizeAsync(conversationId, request, store, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }
        if (request.ContentLength > MaxUploadBytes || !request.HasFormContentType)
        {
            return ActivityJson.Error(request.HasFormContentType ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest, "BadArgument", "Expected a multipart upload of at most 4 MB.");
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return ActivityJson.Error(StatusCodes.Status400BadRequest, "BadArgument", "The upload could not be read.");
        }

        Activity activity = new() { Type = ActivityTypes.Message };
        if (form.Files.GetFile("activity") is { } activityPart && activityPart.Length <= ActivityJson.MaxActivityBytes)
        {
            using var reader = new StreamReader(activityPart.OpenReadStream(), Encoding.UTF8);
            var json = ActivityJson.ParseObject(await reader.ReadToEndAsync(cancellationToken));
            activity = (json is null ? null : ActivityJson.ToActivity(json)) ?? activity;
        }
        activity.Attachments = form.Files.Where(f => f.Name == "file")
            .Select(f => new Attachment { ContentType = f.ContentType, Name = Path.GetFileName(f.FileName) })
            .ToList();
        return await PostAsync(conversation!, activity, bridge, limiter, request.HttpContext);
    }

    /// <summary>
    /// Delivers the activity. From an address over its limit it is still stored and gets a turn, one that only replies
    /// "slow down": the page shows why there is no answer instead of a failed send.
    /// </summary>
    private static async Task<IResult> PostAsync(DirectLineConversation conversation, Activity activity, DirectLineBridge bridge, ClientRateLimiter limiter, HttpContext context)
    {
        string? id;
        if (limiter.Admit(context).Allowed)
        {
            id = await bridge.PostFromUserAsync(conversation, activity);
        }
        else
        {
            limiter.Throttling("directline_activity");
            id = await ClientRateLimiter.RunThrottledTurnAsync(() => bridge.PostFromUserAsync(conversation, activity));
        }
        return id is null ? NotFound() : ActivityJson.Json(new JObject { ["id"] = id });
    }

    private static IResult TooManyRequests() =>
        ActivityJson.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many conversations started from this address; retry after the time in Retry-After.");

    /// <summary>404 for an unknown conversation, 403 unless the bearer token was issued for this conversation.</summary>
    private static async Task<(DirectLineConversation? Conversation, IResult? Failure)> AuthorizeAsync(string conversationId, HttpRequest request, IDirectLineStore store, CancellationToken cancellationToken)
    {
        var conversation = await store.FindConversationAsync(conversationId, cancellationToken);
        if (conversation is null)
        {
            return (null, NotFound());
        }
        // Tokens are stored hashed: the lookup is by the hash of what was presented, so no comparison leaks the token.
        var token = BearerToken(request);
        var issuedFor = token is null ? null : await store.FindByTokenAsync(token, cancellationToken);
        var valid = issuedFor is not null && string.Equals(issuedFor.Id, conversation.Id, StringComparison.Ordinal);
        return valid ? (issuedFor, null) : (null, ActivityJson.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token is missing, expired or not for this conversation."));
    }

    private static IResult NotFound() => ActivityJson.Error(StatusCodes.Status404NotFound, "BadArgument", "Conversation not found.");

    private static JObject ConversationJson(DirectLineConversation conversation, string token) => new()
    {
        ["conversationId"] = conversation.Id,
        ["token"] = token,
        ["expires_in"] = (int)Math.Max(0, (conversation.TokenExpiresUtc - DateTimeOffset.UtcNow).TotalSeconds),
        ["streamUrl"] = null,
    };

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = header[prefix.Length..].Trim();
        return token.Length is 0 or > 512 || token == "undefined" || token == "null" ? null : token;
    }

    /// <summary>The user id a client asks for ({"user":{"id":…}}), if it is a sane one; "dl_" ids are reserved by Direct Line.</summary>
    private static string? UserIdFrom(JObject body)
    {
        var id = body["user"]?["id"]?.Type == JTokenType.String ? (string?)body["user"]!["id"] : null;
        return id is { Length: > 0 and <= 128 } && !id.StartsWith("dl_", StringComparison.Ordinal) ? id : null;
    }
}
