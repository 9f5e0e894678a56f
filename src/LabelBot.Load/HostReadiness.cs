using System.Net;
using System.Text.Json;

namespace LabelBot.Load;

/// <summary>Waits for a LabelBot host's /healthz to answer 200 (labels loaded) before any load is sent.</summary>
public static class HostReadiness
{
    /// <returns>The number of labels the host reports.</returns>
    /// <exception cref="InvalidOperationException">The host reports that start-up failed.</exception>
    /// <exception cref="TimeoutException">The host was not ready in time.</exception>
    public static async Task<int> WaitUntilReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                last = $"{(int)response.StatusCode} {body}";
                using var json = JsonDocument.Parse(body);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return json.RootElement.TryGetProperty("labels", out var labels) && labels.TryGetInt32(out var count) ? count : 0;
                }
                if (json.RootElement.TryGetProperty("status", out var status) && status.GetString() == "failed")
                {
                    throw new InvalidOperationException("the LabelBot host failed to start: " + body);
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (JsonException)
            {
                // Not our host's /healthz (or not yet): keep the status line, try again.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the LabelBot host was not ready after {timeout.TotalSeconds:0} s (last /healthz: {last})");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
