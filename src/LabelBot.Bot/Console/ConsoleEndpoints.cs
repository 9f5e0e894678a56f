using System.Text.Json;
using System.Threading.RateLimiting;
using LabelBot.Bot.Bots;
using LabelBot.Bot.Handoff;
using LabelBot.Bot.Settings;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.ApplicationParts;

namespace LabelBot.Bot.Console;

/// <summary>
/// /pharmacist: the console pages (Razor Pages in this folder, behind <see cref="ConsoleAuthentication.PagesPolicy"/>,
/// every form post checked by ASP.NET Core antiforgery) and its JSON API under /pharmacist/api (minimal API behind
/// <see cref="ConsoleAuthentication.ApiPolicy"/>: bearer key, or the cookie plus the <see cref="ConsoleHeader"/> header on
/// POSTs, which a cross-site form cannot send). With no key configured every console request is refused with 403.
/// </summary>
public static partial class ConsoleEndpoints
{
    public const string ConsoleHeader = "X-LabelBot-Console";
    public const string SignInRateLimitPolicy = "pharmacist-signin";
    public const string ChartScriptPath = "console/chart.umd.min.js";
    // script-src 'self': the dashboard's own console.js and the host's copy of chart.js; nothing inline.
    private const string PageSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static readonly EscalationStatus[] OpenStatuses = [EscalationStatus.Waiting, EscalationStatus.Claimed, EscalationStatus.Answered];

    public static IServiceCollection AddPharmacistConsole(this IServiceCollection services)
    {
        services.AddSingleton<PharmacistAuthenticator>();
        // Sessions: ASP.NET Core cookie authentication, the session itself in the database (sign-out deletes it).
        services.AddSingleton<DatabaseTicketStore>();
        services.AddAuthentication().AddConsoleSchemes();
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
        // Razor Pages rather than Razor components: the console is plain server-rendered forms (no interactivity), and
        // pages bring per-folder authorization conventions and automatic antiforgery validation of every POST handler.
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Console";
            options.Conventions.AuthorizeFolder("/", ConsoleAuthentication.PagesPolicy);
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.AllowAnonymousToPage("/Error");
        }).ConfigureApplicationPartManager(parts =>
        {
            // The pages live in this assembly, which is not the entry assembly when a test or another program hosts it.
            var assembly = typeof(ConsoleEndpoints).Assembly;
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
            {
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                {
                    parts.ApplicationParts.Add(part);
                }
            }
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "labelbot_console_af";
            options.Cookie.Path = "/pharmacist";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            // The host already sends X-Frame-Options: DENY; antiforgery would replace it with SAMEORIGIN.
            options.SuppressXFrameOptionsHeader = true;
        });
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only the sign-in POST spends the budget; showing the form is free.
            options.AddPolicy(SignInRateLimitPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("get"));
        });
        return services;
    }

    /// <summary>
    /// Before routing and authentication: every /pharmacist response is uncached and under the console's CSP; without a key
    /// the console refuses everything (403); an address that spent its failed sign-ins is refused (429); and an empty
    /// 4xx (antiforgery, not found) is re-rendered by the Error page.
    /// </summary>
    public static IApplicationBuilder UsePharmacistConsoleGate(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/pharmacist"), console =>
        {
            console.Use(async (context, next) =>
            {
                // Exactly what antiforgery sets on its pages too (it warns when it has to override other values).
                context.Response.Headers.CacheControl = "no-cache, no-store";
                context.Response.Headers.Pragma = "no-cache";
                context.Response.Headers.ContentSecurityPolicy = PageSecurityPolicy;
                if (!context.RequestServices.GetRequiredService<PharmacistAuthenticator>().IsEnabled)
                {
                    await Results.Text(ConsoleTexts.Get(ConsoleTexts.Disabled), statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
                    return;
                }
                // Every console route, pages, sign-in and API alike, shares the address's budget of failed authentications.
                if (context.RequestServices.GetRequiredService<AuthFailureLimiter>().RefuseIfBlocked(context, ConsoleAuthentication.AuthRoute) is { } blocked)
                {
                    await blocked.ExecuteAsync(context);
                    return;
                }
                await next(context);
            });
            console.UseStatusCodePagesWithReExecute("/pharmacist/error", "?status={0}");
        });

    public static IEndpointRouteBuilder MapPharmacistConsole(this IEndpointRouteBuilder endpoints)
    {
        var console = endpoints.MapGroup("/pharmacist");
        console.MapGet("/console.css", () => Embedded("console.css", "text/css; charset=utf-8"));
        console.MapGet("/console.js", () => Embedded("console.js", "text/javascript; charset=utf-8")).RequireAuthorization(ConsoleAuthentication.PagesPolicy);
        // chart.js 4 from npm, copied next to the host at build time (like Web Chat's bundle): never a CDN.
        console.MapGet("/chart.js", (HttpContext context) =>
        {
            var path = Path.Combine(AppContext.BaseDirectory, ChartScriptPath);
            return File.Exists(path)
                ? Results.File(path, "text/javascript; charset=utf-8")
                : Results.Text("chart.js is missing: build src/LabelBot.Bot (its build installs chart.js from npm).", statusCode: StatusCodes.Status404NotFound);
        }).RequireAuthorization(ConsoleAuthentication.PagesPolicy);
        endpoints.MapRazorPages();

        var api = console.MapGroup("/api").RequireAuthorization(ConsoleAuthentication.ApiPolicy);
        api.MapGet("/cases", ApiListAsync);
        api.MapGet("/cases/{caseId}", ApiGetAsync);
        api.MapPost("/cases/{caseId}/{action}", ApiActionAsync);
        api.MapGet("/feedback", ApiFeedbackAsync);
        return endpoints;
    }

    // ---- API ---------------------------------------------------------------------------------------------------------

    private static async Task<IResult> ApiListAsync(string? status, HttpContext context, IEscalationQueue queue, CancellationToken cancellationToken)
    {
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

    private static async Task<IResult> ApiGetAsync(string caseId, HttpContext context, IEscalationQueue queue, CancellationToken cancellationToken)
    {
        var escalation = await queue.GetAsync(caseId, cancellationToken);
        return escalation is null
            ? ApiError(StatusCodes.Status404NotFound, "No such case.")
            : Results.Json(ConsoleJson.Case(escalation, await queue.ListAuditAsync(caseId, cancellationToken)));
    }

    private static async Task<IResult> ApiActionAsync(string caseId, string action, HttpContext context, PharmacistDesk desk, CancellationToken cancellationToken)
    {
        var (name, viaKey) = ConsoleAuthentication.Who(context.User);
        if (!viaKey && context.Request.Headers[ConsoleHeader].ToString() != "1")
        {
            // SAMESITE + custom header: a cross-site page can make the browser send the cookie, but not this header.
            return ApiError(StatusCodes.Status403Forbidden, $"POSTs with the session cookie need the header {ConsoleHeader}: 1.");
        }
        if (name.Length == 0)
        {
            return ApiError(StatusCodes.Status400BadRequest, $"Name the pharmacist in the {PharmacistAuthenticator.NameHeader} header.");
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
        if (RunAsync(desk, caseId, action, name, text, cancellationToken) is not { } running)
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

    private static async Task<IResult> ApiFeedbackAsync(int? limit, HttpContext context, FeedbackReview feedback, CancellationToken cancellationToken)
    {
        var items = await feedback.ListNotHelpfulAsync(Math.Clamp(limit ?? 50, 1, 500), cancellationToken);
        return Results.Json(new { notHelpful = items.Select(ConsoleJson.Feedback) });
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    /// <summary>Runs a desk action by its name in the URL (claim, reply, close); null for any other name.</summary>
    internal static Task<DeskResult>? RunAsync(PharmacistDesk desk, string caseId, string action, string pharmacist, string? text, CancellationToken cancellationToken) => action switch
    {
        "claim" => desk.ClaimAsync(caseId, pharmacist, cancellationToken),
        "reply" => desk.ReplyAsync(caseId, pharmacist, text, cancellationToken),
        "close" => desk.CloseAsync(caseId, pharmacist, cancellationToken),
        _ => null,
    };

    private static IResult ApiError(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private static IResult Embedded(string name, string contentType) =>
        Results.Stream(typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream("LabelBot.Bot.Console." + name)!, contentType);

    private sealed record ReplyBody(string? Text);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pharmacist console sign-in refused: wrong key")]
    internal static partial void LogSignInRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pharmacist console sign-in by {Pharmacist}")]
    internal static partial void LogSignedIn(ILogger logger, string pharmacist);
}
