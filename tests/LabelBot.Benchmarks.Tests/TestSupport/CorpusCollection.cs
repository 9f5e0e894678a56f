using LabelBot.Testing;

namespace LabelBot.Benchmarks.Tests.TestSupport;

/// <summary>
/// The collection sharing one <see cref="CorpusFixture"/> (LabelBot.Testing) among this project's corpus tests; xunit
/// only finds collection definitions in the test assembly itself, so each project using the fixture declares it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CorpusCollection : ICollectionFixture<CorpusFixture>
{
    public const string Name = "ingested corpus";
}
