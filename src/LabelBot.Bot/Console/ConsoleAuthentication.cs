using System.Security.Claims;
using System.Text.Encodings.Web;
using LabelBot.Bot.Bots;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LabelBot.Bot.Console;

/// <summary>
/// How the console knows who is asking, with ASP.NET Core's own pieces: the cookie scheme (pages and the API), a
/// bearer-key scheme (the API only, for scripts), a policy scheme that picks between them by the request, and one
/// authorization policy each for the pages and the API.
/// </summary>
public static class ConsoleAuthentication
{
    /// <summary>Pages: the session cookie only (a browser never sends the key).</summary>
    public const string PagesPolicy = "pharmacist-pages";

    /// <summary>The API: the session cookie, or <c>Authorization: Bearer KEY</c>.</summary>
    public const string ApiPolicy = "pharmacist-api";

    public const string KeyScheme = "LabelBotConsoleKey";
    public const string ApiScheme = "LabelBotConsoleApi";
    public const string ViaKeyClaim = "labelbot:via-key";
    public const string AuthRoute = "pharmacist";
    public const string ApiPrefix = "/pharmacist/api";
    public const string SignInPath = "/pharmacist/signin";

    public static AuthenticationBuilder AddConsoleSchemes(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCookie(PharmacistAuthenticator.Scheme);
        builder.AddScheme<AuthenticationSchemeOptions, ConsoleKeyAuthenticationHandler>(KeyScheme, null);
        builder.AddPolicyScheme(ApiScheme, null, options => options.ForwardDefaultSelector = context =>
            context.Request.Headers.Authorization.Count > 0 ? KeyScheme : PharmacistAuthenticator.Scheme);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PagesPolicy, policy => policy.AddAuthenticationSchemes(PharmacistAuthenticator.Scheme).RequireAuthenticatedUser())
            .AddPolicy(ApiPolicy, policy => policy.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>The pharmacist's name (empty for a bearer call without X-Pharmacist-Name) and whether the key was presented.</summary>
    public static (string Name, bool ViaKey) Who(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return (user.Identity?.Name ?? "", user.HasClaim(c => c.Type == ViaKeyClaim));
    }

    /// <summary>
    /// A refused request: a page redirects to the sign-in form, the API answers 401 in JSON. Every refused API call,
    /// and every page request that presented a cookie or credentials, spends one of the address's failed sign-ins.
    /// </summary>
    public static Task ChallengeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limiter = context.RequestServices.GetRequiredService<AuthFailureLimiter>();
        if (context.Request.Path.StartsWithSegments(ApiPrefix))
        {
            limiter.RecordFailure(context, AuthRoute);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new { error = "Sign in at /pharmacist/signin, or send Authorization: Bearer <LABELBOT_PHARMACIST_KEY>." },
                statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
        }
        if (context.Request.Cookies.ContainsKey(PharmacistAuthenticator.CookieName) || context.Request.Headers.Authorization.Count > 0)
        {
            limiter.RecordFailure(context, AuthRoute);
        }
        context.Response.Redirect(SignInPath);
        return Task.CompletedTask;
    }
}

/// <summary><c>Authorization: Bearer KEY</c> on the console API (constant-time check); the name comes from X-Pharmacist-Name.</summary>
public sealed class ConsoleKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PharmacistAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!authenticator.KeyMatches(authorization["Bearer ".Length..].Trim()))
        {
            return Task.FromResult(AuthenticateResult.Fail("wrong console key"));
        }
        var name = PharmacistNames.Normalize(Request.Headers[PharmacistAuthenticator.NameHeader].ToString()) ?? "";
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ConsoleAuthentication.ViaKeyClaim, "1")], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => ConsoleAuthentication.ChallengeAsync(Context);
}
