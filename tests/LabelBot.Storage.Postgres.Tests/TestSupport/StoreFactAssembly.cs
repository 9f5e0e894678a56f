namespace LabelBot.TestSupport;

/// <summary>This assembly's name, where xunit looks for the linked <see cref="StoreFactDiscoverer"/>.</summary>
internal static class StoreFactAssembly
{
    public const string Name = "LabelBot.Storage.Postgres.Tests";
}
