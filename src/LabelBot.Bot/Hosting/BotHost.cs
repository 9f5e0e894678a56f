using LabelBot.Bot.Channels.BotFramework;
using LabelBot.Bot.Channels.DirectLine;
using LabelBot.Bot.Console;
using LabelBot.Bot.Health;
using LabelBot.Bot.Viewer;
using LabelBot.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;

namespace LabelBot.Bot.Hosting;

/// <summary>Builds the LabelBot web host: the same code path for `dotnet run` and for the tests (Kestrel on a loopback port).</summary>
public static class BotHost
{
    public const string DefaultUrl = "http://localhost:5000";

    /// <param name="args">Command line (honours --urls and any --Section:Key=value setting).</param>
    /// <param name="configure">Lets tests adjust configuration or services before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root = the app's folder, so appsettings.json and webchat/webchat.js are found from any working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // CONTRACT.md's environment variables (LABELBOT_DB, LABELBOT_POSTGRES, LABELBOT_PHARMACIST_KEY …) as settings.
        builder.Configuration.AddLabelBotEnvironment();

        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // No message text or raw ids in logs: Bot Builder and the HTTP stack log activity ids and URLs at Information.
        builder.Logging.AddFilter("Microsoft.Bot", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.AddLabelBot(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        // The client address (per-address rate limits) from X-Forwarded-For, trusted only from a proxy on this machine
        // (ASP.NET Core's default known proxies: loopback).
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
        app.UseLabelBotSecurityHeaders();
        // The console's gate runs before routing so its error pages can re-execute through routing.
        app.UsePharmacistConsoleGate();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        // Direct Line streams (streamUrl); Web Chat pings them itself, the keep-alive covers other clients.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapHealthEndpoints();
        app.MapBotMessagesEndpoint();
        app.MapDirectLineEndpoints();
        app.MapWebChatEndpoints();
        app.MapPharmacistConsole();
        app.MapLabelViewer();

        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddresses(app));
        return app;
    }

    /// <summary>The addresses Kestrel actually bound (port 0 resolved), e.g. for tests and the start-up banner.</summary>
    public static IReadOnlyList<string> BoundAddresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    private static void AnnounceAddresses(WebApplication app)
    {
        var addresses = BoundAddresses(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LabelBot.Bot");
        foreach (var address in addresses)
        {
            logger.LogInformation("LabelBot web chat is at {Address}/ (Bot Framework endpoint {Address}/api/messages)", address, address);
        }
        if (!app.Services.GetRequiredService<PharmacistAuthenticator>().IsEnabled)
        {
            logger.LogWarning("Pharmacist escalation is disabled: LABELBOT_PHARMACIST_KEY is not set, so nobody can sign in to /pharmacist. " +
                "Users who ask for a pharmacist are told to contact their own pharmacist or prescriber, and no case is filed.");
        }
        var configuration = app.Services.GetRequiredService<IConfiguration>();
        if (string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]))
        {
            if (app.Services.GetRequiredService<BotEndpointOptions>().AllowUnauthenticated)
            {
                logger.LogWarning("/api/messages is open to unauthenticated callers from any address (Bot:AllowUnauthenticated=true, no MicrosoftAppId); replies go only to allowed serviceUrls.");
            }
            else
            {
                logger.LogInformation("/api/messages accepts unauthenticated callers from this machine only (no MicrosoftAppId; e.g. the Bot Framework Emulator).");
            }
        }
    }
}
