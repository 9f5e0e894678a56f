namespace LabelBot.DailyMed;

/// <summary>
/// Where DailyMed work files live, all under one folder beside the database (so the CLI and the bot host agree):
/// downloaded SPL XML, release-ingest checkpoints and the change log.
/// </summary>
public sealed record DailyMedPaths(string Root)
{
    /// <summary>{folder of the database}/dailymed.</summary>
    public static DailyMedPaths ForDatabase(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? Directory.GetCurrentDirectory();
        return new DailyMedPaths(Path.Combine(folder, "dailymed"));
    }

    /// <summary>Downloaded labels: {setid}-v{version}.xml.</summary>
    public string Downloads => Path.Combine(Root, "labels");

    /// <summary>Checkpoints (and temporary entry files) of release-archive ingests.</summary>
    public string ReleaseCheckpoints => Path.Combine(Root, "releases");

    /// <summary>JSON Lines record of every update: what changed between which versions.</summary>
    public string ChangeLog => Path.Combine(Root, "label-changes.jsonl");

    /// <summary>Labels fetched from openFDA: {setid}-v{version}.json (v0 when openFDA states no version).</summary>
    public string OpenFdaDownloads => Path.Combine(Root, "openfda-labels");

    /// <summary>openFDA client options for these paths, with the base URL from LABELBOT_OPENFDA_URL when set.</summary>
    public OpenFdaOptions OpenFdaOptions() => LabelBot.DailyMed.OpenFdaOptions.FromEnvironment(OpenFdaDownloads);

    /// <summary>Client options for these paths, with the base URL from LABELBOT_DAILYMED_URL when set.</summary>
    public DailyMedOptions Options() => DailyMedOptions.FromEnvironment(Downloads);
}
