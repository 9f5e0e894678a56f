namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>
/// Base for test classes that need a <see cref="GuardedBotHost"/> with settings of their own plus a fake Teams channel
/// to receive the bot's replies: both start before each test and stop after it.
/// </summary>
public abstract class GuardedHostTests(BotHostFixture fixture, IReadOnlyDictionary<string, string> settings) : IAsyncLifetime
{
    private GuardedBotHost? _host;
    private FakeChannelServer? _teams;

    internal GuardedBotHost Host => _host ?? throw new InvalidOperationException("The host starts in InitializeAsync.");

    internal FakeChannelServer Teams => _teams ?? throw new InvalidOperationException("The channel starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _host = await GuardedBotHost.StartAsync(fixture, settings);
        _teams = await FakeChannelServer.StartAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_teams is not null)
        {
            await _teams.DisposeAsync();
        }
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
