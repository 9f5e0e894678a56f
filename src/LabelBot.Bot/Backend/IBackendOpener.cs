using LabelBot.Bot.Hosting;
using LabelBot.Core.Answering;
using LabelBot.Core.Retrieval;

namespace LabelBot.Bot.Backend;

/// <summary>An opened answer pipeline: the engine, how many labels it can cite, what to dispose at shutdown, and the label store (for the pharmacists' review of cited passages).</summary>
public sealed record OpenedBackend(IAnswerEngine Engine, int LabelCount, IAsyncDisposable? Lifetime, ILabelStore? LabelStore = null);

/// <summary>Opens the store, seeds it from the shipped labels when empty, and wires the engine (the only place that knows how).</summary>
public interface IBackendOpener
{
    Task<OpenedBackend> OpenAsync(LabelBotHostOptions options, IProgress<string> progress, CancellationToken cancellationToken);
}
