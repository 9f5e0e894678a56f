using LabelBot.TestSupport;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LabelBot.Bot.Tests.Storage;

/// <summary>
/// A fact of a store contract suite. The suite is written once in an abstract class and inherited by one class per
/// database; in a class marked <see cref="RequiresPostgresAttribute"/> every such fact is skipped (with
/// <see cref="PostgresTestDatabase.MissingMessage"/>) when LABELBOT_TEST_POSTGRES is not set, so SQLite always runs.
/// </summary>
[XunitTestCaseDiscoverer("LabelBot.Bot.Tests.Storage.StoreContractFactDiscoverer", "LabelBot.Bot.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreContractFactAttribute : FactAttribute;

/// <summary>Marks a contract suite's subclass that runs against PostgreSQL.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>Finds <see cref="StoreContractFactAttribute"/> tests; skips them in PostgreSQL classes when no server is configured.</summary>
public sealed class StoreContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute).AssemblyQualifiedName!).Any();
        return needsPostgres && !PostgresTestDatabase.IsConfigured
            ? new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod, PostgresTestDatabase.MissingMessage)
            : base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
