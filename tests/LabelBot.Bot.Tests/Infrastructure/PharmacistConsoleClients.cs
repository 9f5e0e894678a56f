using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using LabelBot.Bot.Console;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>The console's JSON API with the bearer key, as a script or integration would call it.</summary>
internal sealed class PharmacistApiClient(HttpClient http, string key)
{
    public HttpClient Http { get; set; } = http;

    public Task<(HttpStatusCode Status, JObject? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, null);

    public async Task<JObject> CaseAsync(string caseId)
    {
        var (status, body) = await GetAsync($"pharmacist/api/cases/{caseId}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body!;
    }

    public async Task<IReadOnlyList<JObject>> ListAsync(string? status = null)
    {
        var (code, body) = await GetAsync("pharmacist/api/cases" + (status is null ? "" : "?status=" + status));
        Assert.Equal(HttpStatusCode.OK, code);
        return body!["cases"]!.Cast<JObject>().ToList();
    }

    public Task<(HttpStatusCode Status, JObject? Body)> ClaimAsync(string caseId, string pharmacist) => SendAsync(HttpMethod.Post, $"pharmacist/api/cases/{caseId}/claim", pharmacist, null);

    public Task<(HttpStatusCode Status, JObject? Body)> ReplyAsync(string caseId, string pharmacist, string text) =>
        SendAsync(HttpMethod.Post, $"pharmacist/api/cases/{caseId}/reply", pharmacist, new JObject { ["text"] = text });

    public Task<(HttpStatusCode Status, JObject? Body)> CloseAsync(string caseId, string pharmacist) => SendAsync(HttpMethod.Post, $"pharmacist/api/cases/{caseId}/close", pharmacist, null);

    public async Task<(HttpStatusCode Status, JObject? Body)> SendAsync(HttpMethod method, string path, string? pharmacist, JObject? body, string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization ?? "Bearer " + key);
        if (pharmacist is not null)
        {
            request.Headers.Add(PharmacistAuthenticator.NameHeader, pharmacist);
        }
        if (body is not null)
        {
            request.Content = new StringContent(body.ToString(), Encoding.UTF8, "application/json");
        }
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JObject.Parse(text) : null);
    }
}

/// <summary>A browser session on the console pages: cookies kept, redirects not followed, antiforgery token taken from the last page.</summary>
internal sealed partial class ConsoleBrowser : IDisposable
{
    private readonly HttpClient _http;
    private string? _token;

    public ConsoleBrowser(Uri baseUrl)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = baseUrl };
    }

    public CookieContainer Cookies { get; }

    public sealed record Page(HttpStatusCode Status, string Html, string? Location, HttpResponseMessage Response);

    public async Task<Page> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(response);
    }

    public async Task<Page> PostFormAsync(string path, IReadOnlyDictionary<string, string> fields, bool withToken = true)
    {
        var values = fields.ToDictionary();
        if (withToken && _token is not null)
        {
            values["__RequestVerificationToken"] = _token;
        }
        using var content = new FormUrlEncodedContent(values);
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content);
        return await ReadAsync(response);
    }

    public async Task<Page> SignInAsync(string name, string key)
    {
        var form = await GetAsync("pharmacist/signin");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        return await PostFormAsync("pharmacist/signin", new Dictionary<string, string> { ["name"] = name, ["key"] = key });
    }

    private async Task<Page> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        if (TokenField().Match(html) is { Success: true } match)
        {
            _token = WebUtility.HtmlDecode(match.Groups[1].Value);
        }
        return new Page(response.StatusCode, html, response.Headers.Location?.ToString(), response);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

internal static partial class CaseIds
{
    /// <summary>The case id the bot quoted to the user ("request **C…**").</summary>
    public static string From(JObject botMessage)
    {
        var match = CaseIdInText().Match((string?)botMessage["text"] ?? "");
        Assert.True(match.Success, "No case id in: " + botMessage["text"]);
        return match.Groups[1].Value;
    }

    public static string From(string text)
    {
        var match = CaseIdInText().Match(text);
        Assert.True(match.Success, "No case id in: " + text);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"request \*\*(C[0-9A-Z]{8})\*\*")]
    private static partial Regex CaseIdInText();
}
