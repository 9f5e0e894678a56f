namespace LabelBot.Bot.Hosting;

public static class SecurityHeaders
{
    /// <summary>Headers every response carries (the page adds its Content-Security-Policy itself).</summary>
    public static IApplicationBuilder UseLabelBotSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.XFrameOptions = "DENY";
        await next(context);
    });
}
