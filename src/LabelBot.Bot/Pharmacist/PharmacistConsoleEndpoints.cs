using System.Text.Json;
using System.Threading.RateLimiting;
using LabelBot.Bot.Bots;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Telemetry;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace LabelBot.Bot.Pharmacist;

/// <summary>
/// /pharmacist: the console pages (sign-in form → signed cookie; forms carry an antiforgery token) and its JSON API
/// under /pharmacist/api (bearer key, or the cookie plus the <see cref="ConsoleHeader"/> header on POSTs, which a
/// cross-site form cannot send). With no key configured every console request is refused with 403.
/// </summary>
public static partial class PharmacistConsoleEndpoints
{
    public const string ConsoleHeader = "X-LabelBot-Console";
    public const string SignInRateLimitPolicy = "pharmacist-signin";
    private const string AuthRoute = "pharmacist";
    private const string PageSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static readonly EscalationStatus[] OpenStatuses = [EscalationStatus.Waiting, EscalationStatus.Claimed, EscalationStatus.Answered];

    public static IServiceCollection AddPharmacistConsole(this IServiceCollection services)
    {
        services.AddSingleton<PharmacistAuthenticator>();
        // Sessions: ASP.NET Core cookie authentication, the session itself in the database (sign-out deletes it).
        services.AddSingleton<DatabaseTicketStore>();
        services.AddAuthentication(PharmacistAuthenticator.Scheme).AddCookie(PharmacistAuthenticator.Scheme);
        services.AddOptions<CookieAuthenticationOptions>(PharmacistAuthenticator.Scheme)
            .Configure<DatabaseTicketStore, PharmacistAuthenticator>((options, sessions, authenticator) => PharmacistAuthenticator.ConfigureCookie(options, sessions, authenticator));
        // Data Protection (cookies, antiforgery): one key ring in the database for every host, encrypted under the console key.
        services.AddDataProtection().SetApplicationName("LabelBot");
        services.AddOptions<KeyManagementOptions>().Configure<IConsoleStateStore, LabelBotHostOptions>((options, store, host) =>
        {
            options.XmlRepository = new DatabaseXmlRepository(store);
            if (!string.IsNullOrEmpty(host.PharmacistKey))
            {
                options.XmlEncryptor = new ConsoleKeyXmlEncryptor(ConsoleKeyXmlEncryptor.DeriveKey(host.PharmacistKey));
            }
        });
        services.AddSingleton<FeedbackReview>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "labelbot_console_af";
            options.Cookie.Path = "/pharmacist";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.FormFieldName = ConsoleHtml.AntiforgeryField;
            // The host already sends X-Frame-Options: DENY; antiforgery would replace it with SAMEORIGIN.
            options.SuppressXFrameOptionsHeader = true;
        });
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(SignInRateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapPharmacistConsole(this IEndpointRouteBuilder endpoints)
    {
        var console = endpoints.MapGroup("/pharmacist").AddEndpointFilter(RequireConfiguredKey);
        console.MapGet("/console.css", () => Results.Stream(
            typeof(PharmacistConsoleEndpoints).Assembly.GetManifestResourceStream("LabelBot.Bot.Web.pharmacist.css")!, "text/css; charset=utf-8"));
        console.MapGet("/signin", (HttpContext context, IAntiforgery antiforgery) => Html(context, ConsoleHtml.SignIn(antiforgery.GetAndStoreTokens(context).RequestToken!, null)));
        console.MapPost("/signin", SignInAsync).RequireRateLimiting(SignInRateLimitPolicy);
        console.MapPost("/signout", SignOutAsync);
        console.MapGet("", CaseListAsync);
        console.MapGet("/cases/{caseId}", CaseDetailAsync);
        console.MapPost("/cases/{caseId}/{action}", FormActionAsync);

        var api = console.MapGroup("/api");
        api.MapGet("/cases", ApiListAsync);
        api.MapGet("/cases/{caseId}", ApiGetAsync);
        api.MapPost("/cases/{caseId}/{action}", ApiActionAsync);
        api.MapGet("/feedback", ApiFeedbackAsync);
        // Anything else under /pharmacist: still 403 without a key, else 404.
        console.Map("/{**rest}", () => Results.NotFound());
        return endpoints;
    }

    private static async ValueTask<object?> RequireConfiguredKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // Exactly what antiforgery sets on its pages too (it warns when it has to override other values).
        http.Response.Headers.CacheControl = "no-cache, no-store";
        http.Response.Headers.Pragma = "no-cache";
        if (!http.RequestServices.GetRequiredService<PharmacistAuthenticator>().IsEnabled)
        {
            return Results.Text("The pharmacist console is disabled: set LABELBOT_PHARMACIST_KEY to enable it.", statusCode: StatusCodes.Status403Forbidden);
        }
        // Every console route, pages, sign-in and API alike, shares the address's budget of failed authentications.
        if (http.RequestServices.GetRequiredService<AuthFailureLimiter>().RefuseIfBlocked(http, AuthRoute) is { } blocked)
        {
            return blocked;
        }
        return await next(context);
    }

    // ---- pages -------------------------------------------------------------------------------------------------------

    private static async Task<IResult> SignInAsync(HttpContext context, PharmacistAuthenticator authenticator, IAntiforgery antiforgery, ILoggerFactory loggers)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Html(context, ConsoleHtml.SignIn(antiforgery.GetAndStoreTokens(context).RequestToken!, "The form expired. Please try again."), StatusCodes.Status400BadRequest);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var logger = loggers.CreateLogger("LabelBot.Bot.Pharmacist");
        if (!authenticator.KeyMatches(form["key"].ToString()))
        {
            context.RequestServices.GetRequiredService<AuthFailureLimiter>().RecordFailure(context, AuthRoute);
            LogSignInRefused(logger);
            return Html(context, ConsoleHtml.SignIn(antiforgery.GetAndStoreTokens(context).RequestToken!, "Wrong console key."), StatusCodes.Status401Unauthorized);
        }
        if (PharmacistNames.Normalize(form["name"].ToString()) is not { } name)
        {
            return Html(context, ConsoleHtml.SignIn(antiforgery.GetAndStoreTokens(context).RequestToken!,
                $"Enter your name: up to {PharmacistNames.MaxLength} letters, digits, spaces and . ' -"), StatusCodes.Status400BadRequest);
        }
        await authenticator.SignInAsync(context, name);
        LogSignedIn(logger, "pharmacist#" + IdHasher.Hash(EscalationNames.PharmacistActor(name)));
        return Results.Redirect("/pharmacist");
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }
        await PharmacistAuthenticator.SignOutAsync(context);
        return Results.Redirect("/pharmacist/signin");
    }

    private static async Task<IResult> CaseListAsync(HttpContext context, PharmacistAuthenticator authenticator, IAntiforgery antiforgery,
        IEscalationQueue queue, FeedbackReview feedback, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await SignedInAsync(context, authenticator) is not { } who)
        {
            return Results.Redirect("/pharmacist/signin");
        }
        var waiting = await queue.ListAsync([EscalationStatus.Waiting], 200, cancellationToken);
        var active = await queue.ListAsync([EscalationStatus.Claimed, EscalationStatus.Answered], 200, cancellationToken);
        var closed = (await queue.ListAsync([EscalationStatus.Closed], 1_000, cancellationToken)).OrderByDescending(c => c.UpdatedUtc).Take(20).ToList();
        var notHelpful = await feedback.ListNotHelpfulAsync(50, cancellationToken);
        return Html(context, ConsoleHtml.CaseList(who, antiforgery.GetAndStoreTokens(context).RequestToken!, waiting, active, closed, notHelpful, clock.GetUtcNow()));
    }

    private static async Task<IResult> CaseDetailAsync(string caseId, string? notice, HttpContext context, PharmacistAuthenticator authenticator,
        IAntiforgery antiforgery, IEscalationQueue queue, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await SignedInAsync(context, authenticator) is not { } who)
        {
            return Results.Redirect("/pharmacist/signin");
        }
        var escalation = await queue.GetAsync(caseId, cancellationToken);
        if (escalation is null)
        {
            return Html(context, ConsoleHtml.Message("Not found", "No such case."), StatusCodes.Status404NotFound);
        }
        var audit = await queue.ListAuditAsync(caseId, cancellationToken);
        return Html(context, ConsoleHtml.CaseDetail(who, antiforgery.GetAndStoreTokens(context).RequestToken!, escalation, audit, notice, clock.GetUtcNow()));
    }

    private static async Task<IResult> FormActionAsync(string caseId, string action, HttpContext context, PharmacistAuthenticator authenticator,
        IAntiforgery antiforgery, PharmacistDesk desk, CancellationToken cancellationToken)
    {
        if (await SignedInAsync(context, authenticator) is not { } who)
        {
            return Results.Redirect("/pharmacist/signin");
        }
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Html(context, ConsoleHtml.Message("Form expired", "The form expired. Go back, reload the page and try again."), StatusCodes.Status400BadRequest);
        }
        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (RunAsync(desk, caseId, action, who.Name, form["text"].ToString(), cancellationToken) is not { } running)
        {
            return Results.NotFound();
        }
        var result = await running;
        var notice = result.Outcome switch
        {
            DeskOutcome.Done => action switch { "claim" => "claimed", "reply" => "replied", _ => "closed" },
            DeskOutcome.NotFound => "not-found",
            DeskOutcome.Invalid => "invalid",
            DeskOutcome.NotDelivered => "not-delivered",
            _ => "conflict",
        };
        return Results.Redirect($"/pharmacist/cases/{Uri.EscapeDataString(caseId)}?notice={notice}");
    }

    // ---- API ---------------------------------------------------------------------------------------------------------

    private static async Task<IResult> ApiListAsync(string? status, HttpContext context, PharmacistAuthenticator authenticator, IEscalationQueue queue, CancellationToken cancellationToken)
    {
        if ((await ApiIdentityAsync(context, authenticator, isPost: false)).Failure is { } failure)
        {
            return failure;
        }
        var statuses = OpenStatuses.ToList();
        if (!string.IsNullOrWhiteSpace(status))
        {
            statuses = [];
            foreach (var name in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var match = Enum.GetValues<EscalationStatus>().Where(s => s.ToWire() == name).ToList();
                if (match.Count == 0)
                {
                    return ApiError(StatusCodes.Status400BadRequest, "status must be a comma list of waiting, claimed, answered, closed");
                }
                statuses.AddRange(match);
            }
        }
        var cases = await queue.ListAsync(statuses, 500, cancellationToken);
        return Results.Json(new { cases = cases.Select(ConsoleJson.Summary) });
    }

    private static async Task<IResult> ApiGetAsync(string caseId, HttpContext context, PharmacistAuthenticator authenticator, IEscalationQueue queue, CancellationToken cancellationToken)
    {
        if ((await ApiIdentityAsync(context, authenticator, isPost: false)).Failure is { } failure)
        {
            return failure;
        }
        var escalation = await queue.GetAsync(caseId, cancellationToken);
        return escalation is null
            ? ApiError(StatusCodes.Status404NotFound, "No such case.")
            : Results.Json(ConsoleJson.Case(escalation, await queue.ListAuditAsync(caseId, cancellationToken)));
    }

    private static async Task<IResult> ApiActionAsync(string caseId, string action, HttpContext context, PharmacistAuthenticator authenticator, PharmacistDesk desk, CancellationToken cancellationToken)
    {
        var (who, failure) = await ApiIdentityAsync(context, authenticator, isPost: true);
        if (failure is not null)
        {
            return failure;
        }
        string? text = null;
        if (action == "reply")
        {
            try
            {
                text = (await context.Request.ReadFromJsonAsync<ReplyBody>(cancellationToken))?.Text;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or BadHttpRequestException)
            {
                return ApiError(StatusCodes.Status400BadRequest, "The body must be JSON: {\"text\": \"…\"}.");
            }
        }
        if (RunAsync(desk, caseId, action, who!.Name, text, cancellationToken) is not { } running)
        {
            return ApiError(StatusCodes.Status404NotFound, "Unknown action: use claim, reply or close.");
        }
        var result = await running;
        var status = result.Outcome switch
        {
            DeskOutcome.Done => StatusCodes.Status200OK,
            DeskOutcome.NotFound => StatusCodes.Status404NotFound,
            DeskOutcome.Invalid => StatusCodes.Status400BadRequest,
            DeskOutcome.NotDelivered => StatusCodes.Status502BadGateway,
            _ => StatusCodes.Status409Conflict,
        };
        return Results.Json(new
        {
            outcome = result.Outcome.ToString().ToLowerInvariant(),
            message = result.Message,
            @case = result.Case is null ? null : ConsoleJson.Case(result.Case, null),
        }, statusCode: status);
    }

    private static async Task<IResult> ApiFeedbackAsync(int? limit, HttpContext context, PharmacistAuthenticator authenticator, FeedbackReview feedback, CancellationToken cancellationToken)
    {
        if ((await ApiIdentityAsync(context, authenticator, isPost: false)).Failure is { } failure)
        {
            return failure;
        }
        var items = await feedback.ListNotHelpfulAsync(Math.Clamp(limit ?? 50, 1, 500), cancellationToken);
        return Results.Json(new { notHelpful = items.Select(ConsoleJson.Feedback) });
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    private static Task<DeskResult>? RunAsync(PharmacistDesk desk, string caseId, string action, string pharmacist, string? text, CancellationToken cancellationToken) => action switch
    {
        "claim" => desk.ClaimAsync(caseId, pharmacist, cancellationToken),
        "reply" => desk.ReplyAsync(caseId, pharmacist, text, cancellationToken),
        "close" => desk.CloseAsync(caseId, pharmacist, cancellationToken),
        _ => null,
    };

    /// <summary>Pages accept only the session cookie (a browser never sends the bearer key). A cookie that fails counts as a failed sign-in.</summary>
    private static async Task<PharmacistIdentity?> SignedInAsync(HttpContext context, PharmacistAuthenticator authenticator)
    {
        if (await authenticator.AuthenticateAsync(context) is { ViaBearerKey: false } who)
        {
            return who;
        }
        if (context.Request.Cookies.ContainsKey(PharmacistAuthenticator.CookieName) || context.Request.Headers.Authorization.Count > 0)
        {
            context.RequestServices.GetRequiredService<AuthFailureLimiter>().RecordFailure(context, AuthRoute);
        }
        return null;
    }

    private static async Task<(PharmacistIdentity? Who, IResult? Failure)> ApiIdentityAsync(HttpContext context, PharmacistAuthenticator authenticator, bool isPost)
    {
        var who = await authenticator.AuthenticateAsync(context);
        if (who is null)
        {
            context.RequestServices.GetRequiredService<AuthFailureLimiter>().RecordFailure(context, AuthRoute);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return (null, ApiError(StatusCodes.Status401Unauthorized, "Sign in at /pharmacist/signin, or send Authorization: Bearer <LABELBOT_PHARMACIST_KEY>."));
        }
        if (isPost && !who.ViaBearerKey && context.Request.Headers[ConsoleHeader].ToString() != "1")
        {
            // SAMESITE + custom header: a cross-site page can make the browser send the cookie, but not this header.
            return (null, ApiError(StatusCodes.Status403Forbidden, $"POSTs with the session cookie need the header {ConsoleHeader}: 1."));
        }
        if (isPost && who.Name.Length == 0)
        {
            return (null, ApiError(StatusCodes.Status400BadRequest, $"Name the pharmacist in the {PharmacistAuthenticator.NameHeader} header."));
        }
        return (who, null);
    }

    private static IResult ApiError(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private static IResult Html(HttpContext context, string html, int status = StatusCodes.Status200OK)
    {
        context.Response.Headers.ContentSecurityPolicy = PageSecurityPolicy;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private sealed record ReplyBody(string? Text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pharmacist console sign-in refused: wrong key")]
    private static partial void LogSignInRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pharmacist console sign-in by {Pharmacist}")]
    private static partial void LogSignedIn(ILogger logger, string pharmacist);
}
