using LabelBot.Testing;

namespace LabelBot.Runtime.Tests.Adversarial;

/// <summary>
/// One real runtime (extractive, Public audience: the shipped default) over a private copy of the seeded database of
/// data/labels, shared by the adversarial theories, plus the reply inspector over the same store.
/// </summary>
public sealed class AdversarialRuntimeFixture : IAsyncLifetime
{
    private TempDatabase? _database;

    public LabelBotRuntime Runtime { get; private set; } = null!;

    public ReplyInspector Inspector { get; private set; } = null!;

    public PromptLeakDetector Prompts { get; } = PromptLeakDetector.FromPromptsFolder();

    public async Task InitializeAsync()
    {
        _database = await SeededLabelsDatabase.CopyAsync("adversarial");
        Runtime = await LabelBotRuntime.OpenAsync(new RuntimeOptions(_database.Path));
        Inspector = await ReplyInspector.CreateAsync(Runtime.Store, Prompts);
    }

    public async Task DisposeAsync()
    {
        if (Runtime is not null)
        {
            await Runtime.DisposeAsync();
        }
        _database?.Dispose();
    }
}
