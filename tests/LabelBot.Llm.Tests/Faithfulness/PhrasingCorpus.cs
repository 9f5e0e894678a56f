using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LabelBot.Core.Answering;
using LabelBot.Llm.Tests.TestSupport;
using LabelBot.Runtime;
using Microsoft.Data.Sqlite;

namespace LabelBot.Llm.Tests.Faithfulness;

/// <summary>A passage as the phrasing prompt numbered it: "[n] label — section" then its text.</summary>
internal sealed record PromptPassage(int N, string Header, string Text);

/// <summary>
/// Real shipped labels (data/labels) in a SQLite store, answered by the real runtime (retriever, engine, verifier) with
/// the real phraser pointed at one loopback chat-completions server. Each test sets <see cref="Script"/>: it sees the
/// passages the prompt numbered and returns the model's reply, so replies cite passages by what they say, not by a
/// number that retrieval could change. The ingested store is cached by the label files' hash, since embedding costs
/// most of a minute.
/// </summary>
public sealed partial class PhrasingCorpus : IAsyncLifetime
{
    public static readonly string[] LabelFiles =
    [
        "atorvastatin-calcium-c6e131fe.xml", // LIPITOR
        "naloxone-hcl-ebf0f833.xml", // KLOXXADO
        "ciprofloxacin-hydrochloride-cc768d3e.xml",
        "ibuprofen-1a02fa34.xml",
        "adalimumab-608d4f0d.xml", // HUMIRA
        "sildenafil-citrate-0b0be196.xml", // VIAGRA
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("labelbot-llm-faithfulness-").FullName;
    private LoopbackChatServer? _server;
    private LabelBotRuntime? _withModel;
    private LabelBotRuntime? _offline;

    /// <summary>The model's reply to the passages of the current request; replaced by each test.</summary>
    internal Func<IReadOnlyList<PromptPassage>, string> Script { get; set; } = _ => "NOT_IN_PASSAGES";

    /// <summary>The passages of the last request, as the model saw them.</summary>
    internal IReadOnlyList<PromptPassage> LastPassages { get; private set; } = [];

    public int RequestCount => _server?.RequestCount ?? 0;

    public Task<AnswerResult> AnswerWithModelAsync(string question) => _withModel!.Engine.AnswerAsync(new AnswerRequest(question));

    public Task<AnswerResult> AnswerOfflineAsync(string question) => _offline!.Engine.AnswerAsync(new AnswerRequest(question));

    public async Task InitializeAsync()
    {
        var database = Path.Combine(_folder, "labels.db");
        var labels = LabelsFolder();
        var files = LabelFiles.Select(f => Path.Combine(labels, f)).ToArray();
        var cached = Path.Combine(Path.GetTempPath(), "labelbot-llm-test-cache", $"faithfulness-{Hash(files)}.db");
        if (File.Exists(cached))
        {
            File.Copy(cached, database);
        }
        await using (var ingest = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database)))
        {
            if (!File.Exists(cached))
            {
                var report = await ingest.IngestAsync(files);
                Assert.Equal(files.Length, report.Added);
            }
        }
        if (!File.Exists(cached))
        {
            SqliteConnection.ClearAllPools();
            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            var partial = cached + "." + Guid.NewGuid().ToString("N");
            File.Copy(database, partial);
            File.Move(partial, cached, overwrite: true);
        }

        _server = new LoopbackChatServer((request, _) =>
        {
            var passages = ParsePassages(request.Message("user"));
            LastPassages = passages;
            return ScriptedReply.Completion(Script(passages));
        });
        _offline = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database));
        _withModel = await LabelBotRuntime.OpenAsync(new RuntimeOptions(database) { Llm = PhraserHarness.OpenAICompatible(_server) });
    }

    public async Task DisposeAsync()
    {
        if (_withModel is not null)
        {
            await _withModel.DisposeAsync();
        }
        if (_offline is not null)
        {
            await _offline.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Reads back the numbered passages of the prompt's user message (see prompts/llm/answer-user.md).</summary>
    internal static IReadOnlyList<PromptPassage> ParsePassages(string user)
    {
        var start = user.IndexOf("<passages>\n", StringComparison.Ordinal) + "<passages>\n".Length;
        var end = user.IndexOf("\n</passages>", StringComparison.Ordinal);
        var block = user[start..end];
        var heads = PassageHead().Matches(block);
        var passages = new List<PromptPassage>();
        for (var i = 0; i < heads.Count; i++)
        {
            var textStart = heads[i].Index + heads[i].Length;
            var textEnd = i + 1 < heads.Count ? heads[i + 1].Index : block.Length;
            passages.Add(new PromptPassage(int.Parse(heads[i].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), heads[i].Groups[2].Value, block[textStart..textEnd].Trim()));
        }
        return passages;
    }

    private static string Hash(IEnumerable<string> files)
    {
        using var sha = SHA256.Create();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
            var name = Encoding.UTF8.GetBytes(Path.GetFileName(file));
            sha.TransformBlock(name, 0, name.Length, null, 0);
        }
        sha.TransformFinalBlock([], 0, 0);
        return Convert.ToHexString(sha.Hash!)[..16];
    }

    private static string LabelsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabelBot.sln")))
            {
                return Path.Combine(dir.FullName, "data", "labels");
            }
        }
        throw new DirectoryNotFoundException("LabelBot.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(?:^|\n\n)\[(\d+)\] ([^\n]*)\n", RegexOptions.CultureInvariant)]
    private static partial Regex PassageHead();
}
