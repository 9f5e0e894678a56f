using System.Globalization;
using LabelBot.Core.Answering;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Labels;

namespace LabelBot.DailyMed.Chat;

/// <summary>The reply about a label marked withdrawn: says so with the date, and quotes nothing from it as current.</summary>
public static class WithdrawnLabelNotice
{
    /// <summary>A not_in_label reply naming the withdrawal date; null when the label is not withdrawn.</summary>
    public static AnswerResult? Compose(LabelVersionInfo label, PromptCatalog? prompts = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.WithdrawnOn is not { } withdrawnOn)
        {
            return null;
        }
        var text = (prompts ?? PromptCatalog.Default).Render("label-withdrawn", new Dictionary<string, string>
        {
            ["product"] = label.DisplayName,
            ["withdrawn_date"] = withdrawnOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["version"] = label.Version.ToString(CultureInfo.InvariantCulture),
            ["date"] = label.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["url"] = LabelNaming.DailyMedUrl(label.SetId),
        });
        // SAFETY: a withdrawn label is not current labeling; the reply cites nothing from it.
        return new AnswerResult(AnswerKind.NotInLabel, text, [], [new Candidate(label.SetId, label.DisplayName)], [], 0);
    }
}
