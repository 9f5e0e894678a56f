using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace LabelBot.Runtime;

/// <summary>
/// THE place where the environment variables of CONTRACT.md become configuration, so every options class is bound and
/// validated from configuration alone. Overrides are added above every other source (a variable that is set wins, as the
/// contract says: LABELBOT_POSTGRES switches to PostgreSQL whenever it is set); defaults below them all (a configured
/// LabelBot:DatabasePath or LabelBot:PublicUrl wins over LABELBOT_DB and LABELBOT_PUBLIC_URL). LABELBOT_DAILYMED_URL and
/// LABELBOT_OPENFDA_URL are read by DailyMedOptions/OpenFdaOptions, which have no configuration of their own yet.
/// </summary>
public static class LabelBotEnvironment
{
    public const string PharmacistKeyVariable = "LABELBOT_PHARMACIST_KEY";
    public const string PublicUrlVariable = "LABELBOT_PUBLIC_URL";

    private static readonly (string Variable, string Key)[] Overrides =
    [
        (LabelBotPaths.PostgresEnvironmentVariable, StorageOptions.SectionName + ":" + nameof(StorageOptions.ConnectionString)),
        (PharmacistKeyVariable, "LabelBot:PharmacistKey"),
    ];

    private static readonly (string Variable, string Key)[] Defaults =
    [
        (LabelBotPaths.DatabaseEnvironmentVariable, "LabelBot:DatabasePath"),
        (PublicUrlVariable, "LabelBot:PublicUrl"),
    ];

    /// <summary>Adds the mapped variables (read through <paramref name="read"/>, the process environment by default).</summary>
    public static IConfigurationBuilder AddLabelBotEnvironment(this IConfigurationBuilder builder, Func<string, string?>? read = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        read ??= Environment.GetEnvironmentVariable;
        builder.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Map(Defaults, read) });
        var overrides = Map(Overrides, read);
        if (overrides.Any(o => o.Key.StartsWith(StorageOptions.SectionName + ":", StringComparison.Ordinal)))
        {
            overrides.Add(new(StorageOptions.SectionName + ":" + nameof(StorageOptions.Provider), nameof(StorageProvider.Postgres)));
        }
        builder.Add(new MemoryConfigurationSource { InitialData = overrides });
        return builder;
    }

    private static List<KeyValuePair<string, string?>> Map((string Variable, string Key)[] mapping, Func<string, string?> read) =>
        [.. mapping.Select(m => (m.Key, Value: read(m.Variable)))
            .Where(m => !string.IsNullOrWhiteSpace(m.Value))
            .Select(m => new KeyValuePair<string, string?>(m.Key, m.Value))];
}
