using Microsoft.Extensions.Configuration;
using static System.FormattableString;

namespace LabelBot.Llm;

/// <summary>Which chat-completions service phrases answers; None keeps LabelBot fully offline and extractive.</summary>
public enum LlmProvider
{
    None,
    AzureOpenAI,
    OpenAICompatible,
}

/// <summary>
/// Settings of the optional phrasing model, bound from the "Llm" configuration section
/// (environment: Llm__Provider, Llm__Endpoint, Llm__Deployment, Llm__Model, Llm__ApiKey, …).
/// The API key belongs in the environment or user-secrets, never in a committed file.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    public LlmProvider Provider { get; set; } = LlmProvider.None;

    /// <summary>
    /// Azure: the resource URL (https://NAME.openai.azure.com/). OpenAI-compatible: the API base including its
    /// version segment (https://api.openai.com/v1, http://localhost:11434/v1); a bare host gets /v1 appended.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>Azure deployment name (falls back to <see cref="Model"/>).</summary>
    public string? Deployment { get; set; }

    /// <summary>Model id for OpenAI-compatible endpoints (falls back to <see cref="Deployment"/>).</summary>
    public string? Model { get; set; }

    /// <summary>Required for Azure (api-key header). Optional for local OpenAI-compatible servers.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Shortest allowed <see cref="TimeoutSeconds"/>: below it no real model answers at all.</summary>
    public const double MinTimeoutSeconds = 1;

    /// <summary>
    /// Longest allowed <see cref="TimeoutSeconds"/>: a turn may take 10 s in all, and retrieval, verification and the
    /// channel need the remaining 2 s, so the model gets at most 8 s, retries and back-off included.
    /// </summary>
    public const double MaxTimeoutSeconds = 8;

    // Without an explicit attempt timeout the first attempt gets this share of the deadline and a retry the rest
    // (5 s of the default 8 s), so any valid deadline yields a valid attempt timeout.
    private const double DefaultAttemptShare = 0.625;

    /// <summary>Deadline for one phrasing, all attempts included; between <see cref="MinTimeoutSeconds"/> and <see cref="MaxTimeoutSeconds"/>.</summary>
    public double TimeoutSeconds { get; set; } = MaxTimeoutSeconds;

    /// <summary>Timeout of a single HTTP attempt; unset means 62.5 % of <see cref="TimeoutSeconds"/> (5 s of 8 s).</summary>
    public double? AttemptTimeoutSeconds { get; set; }

    /// <summary>The attempt timeout in force: the configured one, or the default share of the deadline.</summary>
    public double EffectiveAttemptTimeoutSeconds => AttemptTimeoutSeconds ?? Math.Round(TimeoutSeconds * DefaultAttemptShare, 3);

    /// <summary>Retries after a 429, 5xx, network error or attempt timeout, inside the deadline.</summary>
    public int MaxRetries { get; set; } = 1;

    /// <summary>A 429 whose Retry-After is longer than this is not retried: the turn answers extractively instead.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 2;

    /// <summary>Failed phrasings in a row (within two minutes) that open the circuit.</summary>
    public int BreakAfterFailures { get; set; } = 3;

    /// <summary>How long an open circuit sends every turn straight to the extractive answer.</summary>
    public double BreakSeconds { get; set; } = 30;

    public int MaxTokens { get; set; } = 400;

    /// <summary>0 for repeatable wording; leave empty for models that reject the parameter.</summary>
    public double? Temperature { get; set; } = 0;

    /// <summary>Reads the "Llm" section; a missing section means <see cref="LlmProvider.None"/>.</summary>
    /// <exception cref="LlmConfigurationException">A value cannot be read (for example Llm__TimeoutSeconds=soon).</exception>
    public static LlmOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            return configuration.GetSection(SectionName).Get<LlmOptions>() ?? new LlmOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the value; neither is a secret for these settings except ApiKey, a string that always binds.
            throw new LlmConfigurationException("Invalid LLM settings: " + e.Message, e);
        }
    }

    /// <summary>Reads and validates the "Llm" section: what hosts call at start so bad settings stop them with one clear line.</summary>
    /// <exception cref="LlmConfigurationException">The settings are unreadable, incomplete or out of range.</exception>
    public static LlmOptions FromConfigurationValidated(IConfiguration configuration)
    {
        var options = FromConfiguration(configuration);
        options.ThrowIfInvalid();
        return options;
    }

    /// <exception cref="LlmConfigurationException">The settings are incomplete or out of range; the message names each setting and its allowed range.</exception>
    public void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new LlmConfigurationException("Invalid LLM settings: " + string.Join(" ", problems));
        }
    }

    /// <summary>The deployment (Azure) or model (OpenAI-compatible) that requests name.</summary>
    internal string ModelOrDeployment =>
        (Provider == LlmProvider.AzureOpenAI ? Deployment ?? Model : Model ?? Deployment) ?? string.Empty;

    /// <summary>Problems that make these settings unusable; empty when valid. Never includes secret values.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Provider == LlmProvider.None)
        {
            return problems;
        }
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add("Llm:Endpoint must be an absolute http(s) URL.");
        }
        if (string.IsNullOrWhiteSpace(ModelOrDeployment))
        {
            problems.Add(Provider == LlmProvider.AzureOpenAI ? "Llm:Deployment is required for AzureOpenAI." : "Llm:Model is required for OpenAICompatible.");
        }
        if (Provider == LlmProvider.AzureOpenAI && string.IsNullOrWhiteSpace(ApiKey))
        {
            // TODO: Entra ID (TokenCredential) once the hosts reference Azure.Identity; until then api-key only.
            problems.Add("Llm:ApiKey is required for AzureOpenAI (set it with the Llm__ApiKey environment variable).");
        }
        if (double.IsNaN(TimeoutSeconds) || TimeoutSeconds < MinTimeoutSeconds || TimeoutSeconds > MaxTimeoutSeconds)
        {
            problems.Add(Invariant($"Llm:TimeoutSeconds must be between {MinTimeoutSeconds} and {MaxTimeoutSeconds} seconds (the whole phrasing, retries included, inside the 10-second turn); got {TimeoutSeconds}."));
        }
        else if (AttemptTimeoutSeconds is { } attempt && (double.IsNaN(attempt) || attempt < 0.5 || attempt > TimeoutSeconds))
        {
            problems.Add(Invariant($"Llm:AttemptTimeoutSeconds must be between 0.5 and Llm:TimeoutSeconds ({TimeoutSeconds}), or unset for {Math.Round(TimeoutSeconds * DefaultAttemptShare, 3)}; got {attempt}."));
        }
        if (MaxRetries is < 0 or > 2)
        {
            problems.Add("Llm:MaxRetries must be between 0 and 2.");
        }
        if (MaxRetryAfterSeconds < 0)
        {
            problems.Add("Llm:MaxRetryAfterSeconds must not be negative.");
        }
        if (BreakAfterFailures < 2)
        {
            problems.Add("Llm:BreakAfterFailures must be at least 2.");
        }
        if (BreakSeconds < 0.5)
        {
            problems.Add("Llm:BreakSeconds must be at least 0.5.");
        }
        if (MaxTokens is < 16 or > 4096)
        {
            problems.Add("Llm:MaxTokens must be between 16 and 4096.");
        }
        if (Temperature is < 0 or > 2)
        {
            problems.Add("Llm:Temperature must be between 0 and 2.");
        }
        return problems;
    }
}

/// <summary>The "Llm" settings cannot be used; the message names the setting and what it accepts (never a secret).</summary>
public sealed class LlmConfigurationException : InvalidOperationException
{
    public LlmConfigurationException()
    {
    }

    public LlmConfigurationException(string message) : base(message)
    {
    }

    public LlmConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
