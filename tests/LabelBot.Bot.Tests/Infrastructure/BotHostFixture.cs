namespace LabelBot.Bot.Tests.Infrastructure;

/// <summary>
/// One seeded host shared by the tests of <see cref="BotHostCollection"/>: seeding data/labels into a fresh database
/// once, not per test. Other hosts (e.g. with an app id) reuse the seeded database file.
/// </summary>
public sealed class BotHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan SeedTimeout = TimeSpan.FromMinutes(15);

    /// <summary>The shared host's pharmacist console key (the console is disabled without one).</summary>
    public const string PharmacistKey = "test-console-key-7f3c9a1e2b-5d8e0c4b6a21";

    internal RunningBotHost Host { get; private set; } = null!;

    public int LabelCount { get; private set; }

    private bool _restoredFromCache;

    public async Task InitializeAsync()
    {
        var databasePath = RepoPaths.NewTempDatabasePath("shared");
        _restoredFromCache = SeededDatabaseCache.TryRestore(databasePath);
        Host = await RunningBotHost.StartAsync(databasePath, new Dictionary<string, string> { ["LabelBot:PharmacistKey"] = PharmacistKey });
        LabelCount = await Host.WaitUntilReadyAsync(SeedTimeout);
    }

    public async Task DisposeAsync()
    {
        if (Host is null)
        {
            return;
        }
        await Host.DisposeAsync();
        if (!_restoredFromCache && LabelCount > 0)
        {
            SeededDatabaseCache.Save(Host.DatabasePath);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BotHostCollection : ICollectionFixture<BotHostFixture>
{
    public const string Name = "LabelBot host";
}
