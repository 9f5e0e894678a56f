namespace LabelBot.Llm.Tests.TestSupport;

/// <summary>A fact that is reported as skipped, with the reason, when the shared real labels are not beside the repository.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresSplLabelsFactAttribute : FactAttribute
{
    public RequiresSplLabelsFactAttribute()
    {
        if (RepoPaths.SplFolder() is null)
        {
            Skip = "shared/labels/spl not found beside the repository (expected ../shared/labels/spl); real-label checks skipped.";
        }
    }
}
