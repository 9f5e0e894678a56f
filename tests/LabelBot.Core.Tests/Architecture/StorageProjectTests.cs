namespace LabelBot.Core.Tests.Architecture;

/// <summary>Storage by backend: each backend project implements Core's contracts alone, and the host names no database package.</summary>
public sealed class StorageProjectTests
{
    [Theory]
    [InlineData("LabelBot.Storage.Sqlite", "Microsoft.Data.Sqlite")]
    [InlineData("LabelBot.Storage.Postgres", "Npgsql")]
    public void A_backend_project_references_core_and_its_own_driver_only(string project, string driver)
    {
        if (ProjectFile(project) is not { } text)
        {
            return; // binaries copied elsewhere
        }
        var references = ReferencedNames(text, "ProjectReference").Select(i => Path.GetFileNameWithoutExtension(i)).ToList();
        Assert.Equal(["LabelBot.Core"], references);
        Assert.Equal([driver], ReferencedNames(text, "PackageReference"));
    }

    [Fact]
    public void The_host_reaches_the_databases_through_the_backend_projects()
    {
        if (ProjectFile("LabelBot.Bot") is not { } text)
        {
            return;
        }
        var packages = ReferencedNames(text, "PackageReference");
        Assert.DoesNotContain(packages, p => p.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) || p.StartsWith("Npgsql", StringComparison.OrdinalIgnoreCase));
        var projects = ReferencedNames(text, "ProjectReference").Select(i => Path.GetFileNameWithoutExtension(i)).ToList();
        Assert.Contains("LabelBot.Storage.Sqlite", projects);
        Assert.Contains("LabelBot.Storage.Postgres", projects);
    }

    private static List<string> ReferencedNames(string projectText, string item) =>
        [.. System.Xml.Linq.XDocument.Parse(projectText).Descendants(item).Select(e => (string?)e.Attribute("Include") ?? "").Select(i => i.Replace('\\', '/'))];

    private static string? ProjectFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", name, name + ".csproj");
            if (File.Exists(candidate))
            {
                return File.ReadAllText(candidate);
            }
        }
        return null;
    }
}
