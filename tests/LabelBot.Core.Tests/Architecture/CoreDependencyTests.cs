using LabelBot.Core.Answering;

namespace LabelBot.Core.Tests.Architecture;

/// <summary>Core holds the domain and the answer pipeline only: storage, web hosting and Bot Framework stay outside.</summary>
public sealed class CoreDependencyTests
{
    [Theory]
    [InlineData("Microsoft.Data.Sqlite")]
    [InlineData("SQLitePCLRaw")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Microsoft.Bot")]
    public void Core_references_no_infrastructure_assembly(string forbiddenPrefix)
    {
        var referenced = typeof(AnswerEngine).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();
        Assert.NotEmpty(referenced);
        Assert.DoesNotContain(referenced, name => name.StartsWith(forbiddenPrefix, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Core_project_file_has_no_forbidden_package()
    {
        var project = FindCoreProject();
        if (project is null)
        {
            return; // binaries copied elsewhere; the assembly test above still holds
        }
        var text = File.ReadAllText(project);
        foreach (var forbidden in new[] { "Sqlite", "AspNetCore", "Microsoft.Bot", "Npgsql" })
        {
            Assert.DoesNotContain(forbidden, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string? FindCoreProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "LabelBot.Core", "LabelBot.Core.csproj");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
