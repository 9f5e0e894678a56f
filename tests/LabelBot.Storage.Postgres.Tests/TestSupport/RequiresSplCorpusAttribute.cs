
namespace LabelBot.Storage.Postgres.Tests.TestSupport;

/// <summary>The class's store tests load real labels: skipped with a clear message when the shared SPL corpus is absent.</summary>
public sealed class RequiresSplCorpusAttribute : StoreRequirementAttribute
{
    public const string MissingMessage =
        "Real SPL corpus not found: expected shared/labels/spl in a parent folder of the test binaries or ../shared/labels/spl beside the repository.";

    public override string? UnmetReason => TestLocations.FindSplFolder() is null ? MissingMessage : null;
}
