using System.Net;
using LabelBot.Bot.Backend;
using LabelBot.Bot.Settings;
using LabelBot.Bot.Tests.Infrastructure;
using LabelBot.Bot.Texts;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;

namespace LabelBot.Bot.Tests.Hosting;

/// <summary>/healthz and the bot while labels are still loading: the real opener, held back until the test releases it.</summary>
[Collection(BotHostCollection.Name)]
public sealed class HealthTests(BotHostFixture fixture)
{
    [Fact]
    public async Task Health_is_503_while_seeding_and_questions_get_the_loading_reply_then_200_when_ready()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await RunningBotHost.StartAsync(fixture.Host.DatabasePath, configure: services =>
        {
            var registered = services.Single(s => s.ServiceType == typeof(IBackendOpener));
            services.Remove(registered);
            services.AddSingleton<IBackendOpener>(sp => new GatedOpener((IBackendOpener)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!), release.Task));
        });

        using (var seeding = await host.Http.GetAsync(new Uri("healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, seeding.StatusCode);
            Assert.Equal("seeding", (string?)JObject.Parse(await seeding.Content.ReadAsStringAsync())["status"]);
        }
        var client = new DirectLineTestClient(host.Http);
        await client.StartAsync();
        await client.PostTextAsync("What are the warnings for ciprofloxacin?");
        var loading = await client.WaitForBotMessageAsync(a => (string?)a["text"] == BotTexts.Get(BotTexts.StillLoading));
        Assert.Contains("911", (string)loading["text"]!, StringComparison.Ordinal);

        release.SetResult();
        Assert.Equal(fixture.LabelCount, await host.WaitUntilReadyAsync(BotHostFixture.SeedTimeout));
    }

    private sealed class GatedOpener(IBackendOpener inner, Task gate) : IBackendOpener
    {
        public async Task<OpenedBackend> OpenAsync(LabelBotHostOptions options, IProgress<string> progress, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return await inner.OpenAsync(options, progress, cancellationToken);
        }
    }
}
