using LabelBot.Bot.Settings;
using LabelBot.Core.Answering;
using LabelBot.Core.Retrieval;
using LabelBot.Labels.Ingestion;

namespace LabelBot.Bot.Backend;

/// <summary>
/// An opened answer pipeline: the engine, how many labels it can cite, what to dispose at shutdown, the label store (for
/// the pharmacists' review of cited passages), and how to fill passage vectors that are missing (labels ingested with
/// `--embed later`; null when the store cannot), which the host runs in the background once it answers.
/// </summary>
public sealed record OpenedBackend(IAnswerEngine Engine, int LabelCount, IAsyncDisposable? Lifetime, ILabelStore? LabelStore = null)
{
    public Func<IProgress<VectorFillProgress>, CancellationToken, Task<VectorFillReport?>>? FillVectors { get; init; }
}

/// <summary>Opens the store, seeds it from the shipped labels when empty, and wires the engine (the only place that knows how).</summary>
public interface IBackendOpener
{
    Task<OpenedBackend> OpenAsync(LabelBotHostOptions options, IProgress<string> progress, CancellationToken cancellationToken);
}
