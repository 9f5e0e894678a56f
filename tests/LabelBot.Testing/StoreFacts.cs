using Xunit.Abstractions;
using Xunit.Sdk;

namespace LabelBot.Testing;

/// <summary>
/// A fact of a store contract suite. The suite's tests are written once in an abstract base class and run once per
/// concrete subclass (SQLite, PostgreSQL); a subclass whose backend is unavailable carries a
/// <see cref="StoreRequirementAttribute"/>, and its copies of the tests are skipped with that attribute's message
/// (xunit 2 decides skips at discovery, per test method of each concrete class).
/// </summary>
[XunitTestCaseDiscoverer("LabelBot.Testing.StoreFactDiscoverer", "LabelBot.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>A condition a contract test class needs; <see cref="UnmetReason"/> is null when it is met.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public abstract class StoreRequirementAttribute : Attribute
{
    public abstract string? UnmetReason { get; }
}

/// <summary>The class's tests need the PostgreSQL server named by LABELBOT_TEST_POSTGRES.</summary>
public sealed class RequiresPostgresAttribute : StoreRequirementAttribute
{
    public override string? UnmetReason => PostgresTestDatabase.IsConfigured ? null : PostgresTestDatabase.MissingMessage;
}

/// <summary>Turns a <see cref="StoreFactAttribute"/> method of one concrete class into a normal or a skipped test case.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var reason = SkipReason(testMethod);
        yield return reason is null
            ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
            : new SkippedStoreTestCase(diagnosticMessageSink, display, displayOptions, testMethod, reason);
    }

    private static string? SkipReason(ITestMethod testMethod) =>
        testMethod.TestClass.Class is IReflectionTypeInfo reflected
            ? reflected.Type.GetCustomAttributes(typeof(StoreRequirementAttribute), inherit: true)
                .Cast<StoreRequirementAttribute>()
                .Select(requirement => requirement.UnmetReason)
                .FirstOrDefault(unmet => unmet is not null)
            : null;
}

/// <summary>A test case skipped for a reason found at discovery; the reason survives serialisation to the runner.</summary>
public sealed class SkippedStoreTestCase : XunitTestCase
{
    private string _reason = string.Empty;

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes", error: true)]
    public SkippedStoreTestCase()
    {
    }

    public SkippedStoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod, string reason)
        : base(diagnosticMessageSink, display, displayOptions, testMethod) => _reason = reason;

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        base.Serialize(data);
        data.AddValue("SkipReasonOverride", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _reason = data.GetValue<string>("SkipReasonOverride");
        base.Deserialize(data);
    }
}
