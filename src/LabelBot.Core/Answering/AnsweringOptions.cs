namespace LabelBot.Core.Answering;

/// <summary>Who the deployment serves; decides whether label dosing text may be quoted at all.</summary>
public enum AnswerAudience
{
    /// <summary>Consumers: every dosing question is redirected to a pharmacist (default).</summary>
    Public,

    /// <summary>Clinicians: "what does the label say about the maximum dose" is answered verbatim; patient-specific dosing is still redirected.</summary>
    Professional,
}

/// <summary>Answering settings, bound from the "Answering" configuration section.</summary>
public sealed class AnsweringOptions
{
    public const string SectionName = "Answering";

    public AnswerAudience Audience { get; set; } = AnswerAudience.Public;

    /// <summary>Passages asked from the retriever per question.</summary>
    public int RetrievalLimit { get; set; } = 8;

    /// <summary>Most points (sentences, or a list with its lead-in) an extractive answer shows: three keeps it readable.</summary>
    public int MaxAnswerSentences { get; set; } = 3;

    /// <summary>Throws when a setting is out of range; hosts call this at start.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Audience))
        {
            throw new InvalidOperationException($"{SectionName}:Audience must be Public or Professional.");
        }
        if (RetrievalLimit is < 1 or > 50)
        {
            throw new InvalidOperationException($"{SectionName}:RetrievalLimit must be between 1 and 50.");
        }
        if (MaxAnswerSentences is < 1 or > 8)
        {
            throw new InvalidOperationException($"{SectionName}:MaxAnswerSentences must be between 1 and 8.");
        }
    }
}
