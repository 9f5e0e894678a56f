using System.Globalization;
using System.Text;
using LabelBot.Bot.Bots;
using LabelBot.Bot.Settings;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Channels.DirectLine;

/// <summary>
/// A Direct Line 3.0–compatible endpoint (the subset Web Chat uses, with polling) so the page works with no Azure:
/// tokens/generate, tokens/refresh, conversations (start / reconnect, each with a streamUrl), activities (post / get
/// with watermark), upload, and the WebSocket stream (<see cref="DirectLineStream"/>).
/// </summary>
public static class DirectLineEndpoints
{
    private const string Prefix = "/v3/directline";
    private const string AuthRoute = "directline";

    public static IEndpointRouteBuilder MapDirectLineEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        // Starting conversations costs storage: an address over its limit gets 429 (there is no conversation to reply in).
        group.MapPost("/tokens/generate", GenerateTokenAsync).AddEndpointFilter(ClientRateLimiter.RejectOverLimit("directline_start", TooManyRequests));
        group.MapPost("/tokens/refresh", RefreshTokenAsync).AddEndpointFilter(ClientRateLimiter.RejectOverLimit("directline_refresh", TooManyRequests));
        group.MapPost("/conversations", StartConversationAsync).AddEndpointFilter(ClientRateLimiter.RejectOverLimit("directline_start", TooManyRequests));
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapGet("/conversations/{conversationId}/stream", StreamAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapPost("/conversations/{conversationId}/upload", UploadAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> GenerateTokenAsync(HttpRequest request, IDirectLineStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, error) = await ActivityJson.ReadObjectAsync(request, 16 * 1024, cancellationToken);
        if (body is null)
        {
            return ActivityJson.Error(error, "BadArgument", "The body must be a JSON object.");
        }
        try
        {
            var issued = await store.CreateConversationAsync(UserIdFrom(body), cancellationToken);
            return ActivityJson.Json(ConversationJson(issued.Conversation, issued.Token, clock, request, null));
        }
        catch (DirectLineFullException)
        {
            return Full(request.HttpContext);
        }
    }

    /// <summary>A new token for the conversation (the old one keeps working only for the refresh grace).</summary>
    private static async Task<IResult> RefreshTokenAsync(HttpRequest request, IDirectLineStore store, AuthFailureLimiter failures, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (failures.RefuseIfBlocked(request.HttpContext, AuthRoute) is { } blocked)
        {
            return blocked;
        }
        var token = BearerToken(request);
        var refreshed = token is null ? null : await store.RefreshTokenAsync(token, cancellationToken);
        if (refreshed is null)
        {
            failures.RecordFailure(request.HttpContext, AuthRoute);
            return ActivityJson.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token is unknown or expired.");
        }
        return ActivityJson.Json(ConversationJson(refreshed.Conversation, refreshed.Token, clock, request, null));
    }

    /// <summary>
    /// With a token: the conversation it was issued for. Without one (local development, like the Emulator): a new
    /// conversation. Either way the bot says welcome on the first start.
    /// </summary>
    private static async Task<IResult> StartConversationAsync(HttpRequest request, IDirectLineStore store, DirectLineBridge bridge, AuthFailureLimiter failures, TimeProvider clock, CancellationToken cancellationToken)
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
            try
            {
                var issued = await store.CreateConversationAsync(UserIdFrom(body), cancellationToken);
                (conversation, token) = (issued.Conversation, issued.Token);
            }
            catch (DirectLineFullException)
            {
                return Full(request.HttpContext);
            }
        }
        else
        {
            if (failures.RefuseIfBlocked(request.HttpContext, AuthRoute) is { } blocked)
            {
                return blocked;
            }
            conversation = await store.FindByTokenAsync(token, cancellationToken);
            if (conversation is null)
            {
                failures.RecordFailure(request.HttpContext, AuthRoute);
                return ActivityJson.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token is unknown or expired.");
            }
        }
        await bridge.StartAsync(conversation);
        return ActivityJson.Json(ConversationJson(conversation, token, clock, request, null), StatusCodes.Status201Created);
    }

    /// <summary>The conversation again, with a streamUrl that continues from <paramref name="watermark"/> (Web Chat calls this when its stream closed).</summary>
    private static async Task<IResult> ReconnectAsync(string conversationId, string? watermark, HttpRequest request, IDirectLineStore store, AuthFailureLimiter failures, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (conversation, failure) = await AuthorizeAsync(conversationId, request, store, failures, cancellationToken);
        return failure ?? ActivityJson.Json(ConversationJson(conversation!, BearerToken(request)!, clock, request, watermark));
    }

    /// <summary>
    /// The WebSocket stream of a conversation. Browsers cannot set headers on a WebSocket, so the token comes in the
    /// streamUrl's "t" parameter (or, from other clients, the Authorization header) and is checked like the REST calls'.
    /// </summary>
    private static async Task<IResult> StreamAsync(string conversationId, string? watermark, HttpContext context, IDirectLineStore store, DirectLineActivityFeed feed,
        AuthFailureLimiter failures, TimeProvider clock, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return ActivityJson.Error(StatusCodes.Status400BadRequest, "BadArgument", "Expected a WebSocket request.");
        }
        var (conversation, failure) = await AuthorizeAsync(conversationId, context.Request, store, failures, cancellationToken, StreamToken(context.Request));
        if (failure is not null)
        {
            return failure;
        }
        var from = int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await DirectLineStream.RunAsync(socket, conversation!, from, store, feed, clock, lifetime.ApplicationStopping);
        return Results.Empty;
    }

    /// <summary>One page of activities from the watermark (<see cref="DirectLineOptions.PageSize"/>); the returned watermark continues.</summary>
    private static async Task<IResult> GetActivitiesAsync(string conversationId, string? watermark, HttpRequest request, IDirectLineStore store, AuthFailureLimiter failures, CancellationToken cancellationToken)
    {
        var (conversation, failure) = await AuthorizeAsync(conversationId, request, store, failures, cancellationToken);
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

    private static async Task<IResult> PostActivityAsync(string conversationId, HttpRequest request, IDirectLineStore store, DirectLineBridge bridge, ClientRateLimiter limiter, AuthFailureLimiter failures, CancellationToken cancellationToken)
    {
        var (conversation, failure) = await AuthorizeAsync(conversationId, request, store, failures, cancellationToken);
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

    /// <summary>
    /// Web Chat sends file attachments as multipart: the activity JSON plus the files. Files are not kept, only their
    /// names (capped) and types. The bytes actually read are counted (chunked bodies too), and parts are capped.
    /// </summary>
    private static async Task<IResult> UploadAsync(string conversationId, HttpRequest request, IDirectLineStore store, DirectLineBridge bridge, ClientRateLimiter limiter,
        AuthFailureLimiter failures, LabelBotHostOptions options, CancellationToken cancellationToken)
    {
        var (conversation, failure) = await AuthorizeAsync(conversationId, request, store, failures, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }
        var limits = options.DirectLine;
        if (!request.HasFormContentType)
        {
            return ActivityJson.Error(StatusCodes.Status400BadRequest, "BadArgument", "Expected a multipart upload.");
        }
        if (request.ContentLength > limits.MaxUploadBytes)
        {
            return UploadTooLarge(limits);
        }
        // Kestrel counts what is actually read, whatever Content-Length says (or without one, chunked).
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxUploadBytes;
        }
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            // The activity part plus the files; a part's headers hold its name.
            ValueCountLimit = limits.MaxUploadFiles + 1,
            MultipartHeadersCountLimit = 8,
            MultipartHeadersLengthLimit = limits.MaxFileNameLength + 512,
            MultipartBodyLengthLimit = limits.MaxUploadBytes,
            KeyLengthLimit = 64,
        }));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return UploadTooLarge(limits);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return ActivityJson.Error(StatusCodes.Status400BadRequest, "BadArgument",
                $"The upload could not be read: at most {limits.MaxUploadFiles} files with names of at most {limits.MaxFileNameLength} characters.");
        }
        var files = form.Files.Where(f => f.Name == "file").ToList();
        if (files.Count > limits.MaxUploadFiles || files.Any(f => f.FileName.Length > limits.MaxFileNameLength))
        {
            return ActivityJson.Error(StatusCodes.Status400BadRequest, "BadArgument",
                $"At most {limits.MaxUploadFiles} files with names of at most {limits.MaxFileNameLength} characters.");
        }

        Activity activity = new() { Type = ActivityTypes.Message };
        if (form.Files.GetFile("activity") is { } activityPart && activityPart.Length <= ActivityJson.MaxActivityBytes)
        {
            using var reader = new StreamReader(activityPart.OpenReadStream(), Encoding.UTF8);
            var json = ActivityJson.ParseObject(await reader.ReadToEndAsync(cancellationToken));
            activity = (json is null ? null : ActivityJson.ToActivity(json)) ?? activity;
        }
        activity.Attachments = files.Select(f => new Attachment { ContentType = f.ContentType, Name = Path.GetFileName(f.FileName) }).ToList();
        return await PostAsync(conversation!, activity, bridge, limiter, request.HttpContext);
    }

    /// <summary>
    /// Delivers the activity. From an address over its limit it gets a turn that only replies "slow down" (the page shows
    /// why there is no answer instead of a failed send), but it is not stored.
    /// </summary>
    private static async Task<IResult> PostAsync(DirectLineConversation conversation, Activity activity, DirectLineBridge bridge, ClientRateLimiter limiter, HttpContext context)
    {
        var overLimit = !limiter.Admit(context).Allowed;
        if (overLimit)
        {
            limiter.Throttling("directline_activity");
        }
        var outcome = await bridge.PostFromUserAsync(conversation, activity, overLimit);
        if (outcome.TooLarge)
        {
            return ActivityJson.Error(StatusCodes.Status413PayloadTooLarge, "BadArgument", "The activity is too large to keep.");
        }
        return outcome.Id is null ? NotFound() : ActivityJson.Json(new JObject { ["id"] = outcome.Id });
    }

    private static IResult UploadTooLarge(DirectLineOptions limits) =>
        ActivityJson.Error(StatusCodes.Status413PayloadTooLarge, "BadArgument", $"Expected a multipart upload of at most {limits.MaxUploadBytes / (1024 * 1024)} MB.");

    /// <summary>The host-wide conversation cap: 503 with Retry-After until idle conversations expire.</summary>
    private static IResult Full(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "60";
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("LabelBot.Bot.Channels.DirectLine")
            .LogWarning("Refused a new web chat conversation: the host holds LabelBot:DirectLine:MaxConversations conversations");
        return ActivityJson.Error(StatusCodes.Status503ServiceUnavailable, "ServiceBusy", "Too many conversations are open; retry after the time in Retry-After.");
    }

    private static IResult TooManyRequests() =>
        ActivityJson.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many conversations started from this address; retry after the time in Retry-After.");

    /// <summary>404 for an unknown conversation, 403 unless the bearer token was issued for this conversation.</summary>
    private static async Task<(DirectLineConversation? Conversation, IResult? Failure)> AuthorizeAsync(string conversationId, HttpRequest request, IDirectLineStore store,
        AuthFailureLimiter failures, CancellationToken cancellationToken, string? presentedToken = null)
    {
        if (failures.RefuseIfBlocked(request.HttpContext, AuthRoute) is { } blocked)
        {
            return (null, blocked);
        }
        var conversation = await store.FindConversationAsync(conversationId, cancellationToken);
        if (conversation is null)
        {
            return (null, NotFound());
        }
        // Tokens are stored hashed: the lookup is by the hash of what was presented, so no comparison leaks the token.
        var token = presentedToken ?? BearerToken(request);
        var issuedFor = token is null ? null : await store.FindByTokenAsync(token, cancellationToken);
        var valid = issuedFor is not null && string.Equals(issuedFor.Id, conversation.Id, StringComparison.Ordinal);
        if (!valid)
        {
            failures.RecordFailure(request.HttpContext, AuthRoute);
        }
        return valid ? (issuedFor, null) : (null, ActivityJson.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token is missing, expired or not for this conversation."));
    }

    private static IResult NotFound() => ActivityJson.Error(StatusCodes.Status404NotFound, "BadArgument", "Conversation not found.");

    private static JObject ConversationJson(DirectLineConversation conversation, string token, TimeProvider clock, HttpRequest request, string? watermark) => new()
    {
        ["conversationId"] = conversation.Id,
        ["token"] = token,
        ["expires_in"] = (int)Math.Max(0, (conversation.TokenExpiresUtc - clock.GetUtcNow()).TotalSeconds),
        ["streamUrl"] = DirectLineStream.Url(request, Prefix, conversation.Id, token, watermark),
    };

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? SaneToken(header[prefix.Length..].Trim()) : null;
    }

    private static string? StreamToken(HttpRequest request) => request.Query["t"].ToString() is { Length: > 0 } inUrl ? SaneToken(inUrl) : BearerToken(request);

    private static string? SaneToken(string token) => token.Length is 0 or > 512 || token == "undefined" || token == "null" ? null : token;

    /// <summary>The user id a client asks for ({"user":{"id":…}}), if it is a sane one; "dl_" ids are reserved by Direct Line.</summary>
    private static string? UserIdFrom(JObject body)
    {
        var id = body["user"]?["id"]?.Type == JTokenType.String ? (string?)body["user"]!["id"] : null;
        return id is { Length: > 0 and <= 128 } && !id.StartsWith("dl_", StringComparison.Ordinal) ? id : null;
    }
}
