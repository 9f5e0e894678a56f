namespace LabelBot.Bot.Console;

public static class ConsoleLinks
{
    /// <summary>Only http(s) links are rendered as links (a citation URL is built from a set id, but never trust it blindly).</summary>
    public static string SafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : "#";
}
