using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LabelBot.Load.DirectLine;
using LabelBot.Load.Sampling;
using LabelBot.Load.Reporting;
using LabelBot.Load.Scenario;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabelBot.Load;

/// <summary>
/// Drives a LabelBot host with N simulated web chat users at once. Each starts a Direct Line conversation, then loops:
/// ask a question from the mix, wait for the bot's reply, think, until the duration is over. Records per-turn latency
/// (send → reply), errors by type and the host's memory. Logs only the first error of each type, at Warning.
/// </summary>
public sealed partial class LoadRunner
{
    private static readonly TimeSpan WarmupTimeout = TimeSpan.FromMinutes(2);

    private readonly LoadOptions _options;
    private readonly DirectLineClient _client;
    private readonly Dictionary<string, string> _failureReplies;
    private readonly HashSet<string> _interimReplies;
    private readonly ILogger _logger;

    private LoadRunner(LoadOptions options, HttpClient http, ILogger logger)
    {
        _options = options;
        _client = new DirectLineClient(http);
        _failureReplies = options.FailureReplies.ToDictionary(kv => NormalizeReply(kv.Key), kv => kv.Value, StringComparer.Ordinal);
        _interimReplies = options.InterimReplyTexts.Select(NormalizeReply).ToHashSet(StringComparer.Ordinal);
        _logger = logger;
    }

    /// <param name="hostUrl">The host's base address (its /v3/directline endpoint answers there).</param>
    /// <param name="probe">Where to read the host process (memory, CPU); null for nowhere (the report then has no memory or CPU section).</param>
    /// <exception cref="LoadRunException">The warm-up got no usable reply: the host is not answering.</exception>
    public static async Task<LoadReport> RunAsync(Uri hostUrl, LoadOptions options, IProcessProbe? probe, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hostUrl);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = hostUrl.AbsoluteUri.EndsWith('/') ? hostUrl : new Uri(hostUrl.AbsoluteUri + "/"),
            // Each call gets the turn's own deadline instead.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var runner = new LoadRunner(options, http, logger ?? NullLogger.Instance);
        await runner.WarmUpAsync(cancellationToken);
        return await runner.MeasureAsync(probe, cancellationToken);
    }

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        if (_options.WarmupTurns == 0)
        {
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WarmupTimeout);
        var questions = _options.Questions.WarmupQuestions;
        try
        {
            var session = await _client.StartConversationAsync("load-warmup", timeout.Token);
            var conversation = new DirectLineConversation(_client, session, _options.PollInterval);
            for (var turn = 0; turn < _options.WarmupTurns; turn++)
            {
                var reply = await conversation.AskAsync(questions[turn % questions.Count], IsInterimReply, timeout.Token);
                if (FailureType(reply) is { } failure)
                {
                    throw new LoadRunException($"warm-up: the host replied that it did not answer ({failure}); see the host's log");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LoadRunException(string.Create(CultureInfo.InvariantCulture, $"warm-up: no reply within {WarmupTimeout.TotalSeconds:0} s"));
        }
        catch (Exception e) when (e is DirectLineException or HttpRequestException)
        {
            throw new LoadRunException("warm-up failed: " + e.Message, e);
        }
    }

    private async Task<LoadReport> MeasureAsync(IProcessProbe? probe, CancellationToken cancellationToken)
    {
        var recorder = new TurnRecorder(_options.Conversations);
        await using var sampler = probe is null ? null : ProcessSampler.Start(probe, _options.SampleInterval);
        var clock = Stopwatch.StartNew();
        using var stopStarting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stopStarting.CancelAfter(_options.Duration);
        await Task.WhenAll(Enumerable.Range(0, _options.Conversations)
            .Select(user => RunUserAsync(user, recorder, stopStarting.Token, cancellationToken)));
        var elapsed = clock.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        var samples = sampler is null ? [] : await sampler.StopAsync();
        return recorder.ToReport(_options, elapsed, probe?.Source, samples);
    }

    /// <param name="stopStarting">Fires at the end of the duration: no new turn starts, the one in flight finishes.</param>
    private async Task RunUserAsync(int user, TurnRecorder recorder, CancellationToken stopStarting, CancellationToken cancellationToken)
    {
#pragma warning disable CA5394 // Not security: seeded so runs are repeatable.
        var random = new Random(unchecked((_options.Seed * 7919) + user));
        // Users arrive spread over one think time, not in lockstep.
        if (!await PauseAsync(_options.ThinkTime * random.NextDouble(), stopStarting))
        {
            return;
        }
        DirectLineConversation? conversation = null;
        LoadQuestion? previous = null;
        var canFollowUp = false;
        while (!stopStarting.IsCancellationRequested)
        {
            conversation ??= await StartAsync(user, recorder, cancellationToken);
            if (conversation is not null)
            {
                var question = _options.Questions.Next(random, canFollowUp, previous?.Text);
                var answered = await TurnAsync(user, conversation, question, recorder, cancellationToken);
                canFollowUp = answered && question.Category is QuestionCategory.Label or QuestionCategory.FollowUp;
                previous = question;
            }
            if (!await PauseAsync(_options.ThinkTime * (0.5 + random.NextDouble()), stopStarting))
            {
                return;
            }
        }
#pragma warning restore CA5394
    }

    private async Task<DirectLineConversation?> StartAsync(int user, TurnRecorder recorder, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.TurnTimeout);
        try
        {
            var session = await _client.StartConversationAsync(string.Create(CultureInfo.InvariantCulture, $"load-user-{user:D4}"), timeout.Token);
            recorder.RecordStarted(user);
            return new DirectLineConversation(_client, session, _options.PollInterval);
        }
        catch (Exception e) when (ErrorType(e, cancellationToken) is { } type)
        {
            if (recorder.RecordStartError(type))
            {
                LogFirstError(_logger, "start_" + type, type == "timeout" ? NoReplyWithin(_options.TurnTimeout) : e.Message);
            }
            return null;
        }
    }

    /// <returns>True when the bot answered (any reply except its "did not answer" texts) within the turn timeout.</returns>
    private async Task<bool> TurnAsync(int user, DirectLineConversation conversation, LoadQuestion question, TurnRecorder recorder, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.TurnTimeout);
        var started = Stopwatch.GetTimestamp();
        DirectLineActivity reply;
        try
        {
            reply = await conversation.AskAsync(question.Text, IsInterimReply, timeout.Token);
        }
        catch (Exception e) when (ErrorType(e, cancellationToken) is { } type)
        {
            if (recorder.RecordTurnError(question.Category, type))
            {
                LogFirstError(_logger, type, type == "timeout" ? NoReplyWithin(_options.TurnTimeout) : e.Message);
            }
            return false;
        }
        var latencyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (FailureType(reply) is { } failure)
        {
            if (recorder.RecordTurnError(question.Category, failure))
            {
                LogFirstError(_logger, failure, "the bot replied with its fixed text for this instead of an answer");
            }
            return false;
        }
        recorder.RecordAnswered(user, question.Category, latencyMs, reply.AnswerKind ?? "text");
        return true;
    }

    private static string NoReplyWithin(TimeSpan timeout) => string.Create(CultureInfo.InvariantCulture, $"no reply within {timeout.TotalSeconds:0.#} s");

    /// <summary>What a failed call counts as; null for the run being cancelled (that propagates).</summary>
    private static string? ErrorType(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when !cancellationToken.IsCancellationRequested => "timeout",
        DirectLineException e => e.ErrorType,
        HttpRequestException => "connection",
        _ => null,
    };

    /// <summary>The error type of a reply that is one of the host's "did not answer" texts; null for an answer.</summary>
    private string? FailureType(DirectLineActivity reply) => _failureReplies.GetValueOrDefault(NormalizeReply(reply.Text ?? ""));

    private bool IsInterimReply(DirectLineActivity reply) => _interimReplies.Contains(NormalizeReply(reply.Text ?? ""));

    private static string NormalizeReply(string text) => Whitespace().Replace(text, " ").Trim();

    /// <returns>False when <paramref name="stop"/> fired during the pause.</returns>
    private static async Task<bool> PauseAsync(TimeSpan pause, CancellationToken stop)
    {
        if (pause <= TimeSpan.Zero)
        {
            return !stop.IsCancellationRequested;
        }
        try
        {
            await Task.Delay(pause, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Load: first '{ErrorType}' error: {Detail} (further ones are only counted)")]
    private static partial void LogFirstError(ILogger logger, string errorType, string detail);
}
