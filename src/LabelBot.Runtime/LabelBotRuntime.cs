using LabelBot.ClaimCheck;
using LabelBot.Core.Answering;
using LabelBot.Core.Retrieval;
using LabelBot.DailyMed;
using LabelBot.DailyMed.Client;
using LabelBot.DailyMed.Fetching;
using LabelBot.DailyMed.OpenFda;
using LabelBot.Labels.Ingestion;
using LabelBot.Search.Embedding;
using LabelBot.Search.Products;
using LabelBot.Search.Retrieval;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBot.Runtime;

/// <summary>
/// The composition root shared by the CLI and the bot host: one store, one embedder, one retriever and one
/// answer engine, wired the same way everywhere so the CLI answers exactly as the bot does.
/// </summary>
public sealed class LabelBotRuntime : IAsyncDisposable
{
    private readonly LabelStores _stores;
    private readonly LabelProductResolver _resolver;
    private readonly IDisposable? _onDemandClient;

    private LabelBotRuntime(RuntimeOptions options, LabelStores stores, ITextEmbedder embedder, LabelProductResolver resolver,
        IPassageRetriever retriever, IAnswerEngine engine, OnDemandLabelService? onDemand, IDisposable? onDemandClient)
    {
        OnDemand = onDemand;
        _onDemandClient = onDemandClient;
        Options = options;
        _stores = stores;
        Embedder = embedder;
        _resolver = resolver;
        Retriever = retriever;
        Engine = engine;
    }

    public RuntimeOptions Options { get; }
    public ILabelStore Store => _stores.Labels;

    /// <summary>Where the labels are (SQLite file path or PostgreSQL host:port/database), safe to print.</summary>
    public string StoreDescription => _stores.Description;
    public ITextEmbedder Embedder { get; }
    public IProductResolver Resolver => _resolver;
    public IPassageRetriever Retriever { get; }
    public IAnswerEngine Engine { get; }

    /// <summary>The on-demand label loader when Labels:FetchOnDemand is on, else null.</summary>
    public OnDemandLabelService? OnDemand { get; }

    /// <summary>Claim check over the same resolver and retriever the answers use.</summary>
    public ClaimChecker ClaimChecker => new(_resolver, Retriever, Embedder);

    /// <summary>Every stored version of every label (diff, update, withdrawn labels).</summary>
    public ILabelHistoryStore History => _stores.Labels;

    /// <summary>An ingestor over this runtime's store; call <see cref="ReloadProductsAsync"/> after it changed labels.</summary>
    /// <param name="embedLater">Store passages and full text only; <see cref="FillVectorsAsync"/> adds the vectors.</param>
    public LabelIngestor CreateIngestor(bool embedLater = false, IIngestCheckpointStore? checkpoints = null) =>
        new(_stores.Labels, Embedder) { EmbedLater = embedLater, Checkpoints = checkpoints };

    /// <summary>The store's passage vectors by label and by text hash (both stores implement it).</summary>
    public IPassageVectorStore? Vectors => _stores.Labels as IPassageVectorStore;

    /// <summary>Embeds every stored passage that has no vector yet (after `ingest --embed later`); null when the store cannot.</summary>
    public async Task<VectorFillReport?> FillVectorsAsync(IProgress<VectorFillProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Vectors is { } vectors ? await new VectorFill(vectors, Embedder).RunAsync(progress, cancellationToken) : null;

    /// <summary>Makes newly stored labels resolvable at once.</summary>
    public Task ReloadProductsAsync(CancellationToken cancellationToken = default) => _resolver.ReloadAsync(cancellationToken);

    public static async Task<LabelBotRuntime> OpenAsync(RuntimeOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Answering.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        var stores = await LabelStores.OpenAsync(options, cancellationToken);
        try
        {
            // The embedder loads lazily: opening a runtime for `labels` costs no model load.
            var embedder = MiniLmEmbedder.Shared;
            var store = stores.Labels;
            var resolver = new LabelProductResolver(store);
            await resolver.ReloadAsync(cancellationToken);
            var retriever = new HybridRetriever(store, stores.Index, embedder);
            var phraser = LabelBot.Llm.AnswerPhraserFactory.Create(options.Llm, loggerFactory);
            var answers = new AnswerEngine(store, retriever, resolver, options.Answering, stores.Conversations, phraser,
                loggerFactory.CreateLogger<AnswerEngine>());
            var (onDemand, client) = CreateOnDemand(options, store, embedder, resolver, loggerFactory);
            var engine = new ChatEngine(answers, store, new ClaimChecker(resolver, retriever, embedder),
                onDemand, DrugLexicon.Default.IsKnownDrugName);
            return new LabelBotRuntime(options, stores, embedder, resolver, retriever, engine, onDemand, client);
        }
        catch
        {
            await stores.DisposeAsync();
            throw;
        }
    }

    private sealed class Clients(DailyMedClient dailyMed, OpenFdaClient? openFda) : IDisposable
    {
        public void Dispose()
        {
            dailyMed.Dispose();
            openFda?.Dispose();
        }
    }

    /// <summary>The on-demand loader over the configured sources (DailyMed, then openFDA, by default), or nothing when it is off.</summary>
    private static (OnDemandLabelService? Service, IDisposable? Client) CreateOnDemand(RuntimeOptions options, ILabelStore store,
        ITextEmbedder embedder, LabelProductResolver resolver, ILoggerFactory loggerFactory)
    {
        if (!options.Labels.FetchOnDemand)
        {
            return (null, null);
        }
        DailyMedClient? client = null;
        OpenFdaClient? openFda = null;
        var sources = options.OnDemandSources;
        if (sources is null)
        {
            // DailyMed first (the SPL itself), else openFDA's JSON copy of the label.
            var paths = DailyMedPaths.ForDatabase(options.DatabasePath);
            client = DailyMedClient.Create(paths.Options());
            openFda = OpenFdaClient.Create(paths.OpenFdaOptions());
            sources = [new DailyMedOnDemandSource(client), new OpenFdaOnDemandSource(openFda)];
        }
        var ingestor = new LabelIngestor(store, embedder);
        var service = new OnDemandLabelService(sources, async (files, ct) =>
        {
            await ingestor.IngestAsync(files, progress: null, ct);
            await resolver.ReloadAsync(ct);
        }, store, options.Labels, TimeProvider.System, loggerFactory.CreateLogger<OnDemandLabelService>());
        return (service, client is null ? null : new Clients(client, openFda));
    }

    /// <summary>Ingests files, folders or DailyMed zips, then refreshes product resolution so new labels are found at once.</summary>
    public async Task<IngestReport> IngestAsync(
        IEnumerable<string> paths,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default,
        bool embedLater = false,
        IIngestCheckpointStore? checkpoints = null)
    {
        var report = await CreateIngestor(embedLater, checkpoints).IngestAsync(paths, progress, cancellationToken);
        await ReloadProductsAsync(cancellationToken);
        return report;
    }

    /// <summary>Fills an empty store from the shipped labels (first start); returns the number of current labels.</summary>
    public async Task<int> EnsureSeededAsync(string labelsFolder, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var labels = await _stores.Labels.ListLabelsAsync(cancellationToken: cancellationToken);
        if (labels.Count == 0 && Directory.Exists(labelsFolder))
        {
            await IngestAsync([labelsFolder], progress, cancellationToken);
            labels = await _stores.Labels.ListLabelsAsync(cancellationToken: cancellationToken);
        }
        return labels.Count;
    }

    public async ValueTask DisposeAsync()
    {
        _onDemandClient?.Dispose();
        await _stores.DisposeAsync();
    }
}
