using LabelBot.Core.Answering;
using LabelBot.Llm;

namespace LabelBot.Runtime;

/// <summary>Everything needed to open a LabelBot runtime: where the store is and how to answer.</summary>
public sealed record RuntimeOptions(string DatabasePath)
{
    public AnsweringOptions Answering { get; init; } = new();

    /// <summary>The optional phrasing model; Provider None keeps answers extractive and offline.</summary>
    public LlmOptions Llm { get; init; } = new();
}
