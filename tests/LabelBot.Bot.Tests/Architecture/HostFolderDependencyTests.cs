using System.Text.RegularExpressions;
using LabelBot.Bot.Tests.Infrastructure;

namespace LabelBot.Bot.Tests.Architecture;

/// <summary>
/// The host's folders (= namespaces; each channel under Channels/ is a folder of its own) depend on each other in one
/// direction only: for no two folders A and B does A use B and B use A. Hosting/ composes and nothing uses it.
/// Read from the source (using directives and qualified names), so the message names the files to change.
/// </summary>
public sealed partial class HostFolderDependencyTests
{
    private const string Prefix = "LabelBot.Bot.";

    /// <summary>
    /// Pairs that predate this rule and belong to moves in flight on other branches: the host's store implementations
    /// leave for backend projects (Storage/ and the Sqlite*/Rows files beside each store), and the pharmacist console
    /// moves to Console/. Remove a pair once its move lands; never add one.
    /// </summary>
    private static readonly HashSet<(string, string)> PendingPairs =
    [
        ("Channels.DirectLine", "Storage"),
        ("Conversations", "Handoff"),
        ("Conversations", "Storage"),
        ("Feedback", "Storage"),
        ("Handoff", "Storage"),
        ("Console", "Storage"),
    ];

    [Fact]
    public void No_two_host_folders_use_each_other()
    {
        var uses = FolderUses();
        // The reading sees real edges (composition uses the channels; channels use settings).
        Assert.Contains("Channels.DirectLine", uses["Hosting"].Keys);
        Assert.Contains("Settings", uses["Channels.DirectLine"].Keys);
        var mutual = new List<string>();
        foreach (var (a, usedByA) in uses)
        {
            foreach (var b in usedByA.Keys.Where(b => string.CompareOrdinal(a, b) < 0))
            {
                if (uses.TryGetValue(b, out var usedByB) && usedByB.TryGetValue(a, out var backFiles) && !PendingPairs.Contains((a, b)))
                {
                    mutual.Add($"{a} <-> {b}: {string.Join(", ", usedByA[b].Take(3))} | {string.Join(", ", backFiles.Take(3))}");
                }
            }
        }
        Assert.True(mutual.Count == 0, "Host folders that use each other:\n" + string.Join("\n", mutual));
    }

    [Fact]
    public void Only_the_entry_point_uses_Hosting()
    {
        var users = FolderUses().Where(f => f.Value.ContainsKey("Hosting")).Select(f => f.Key).ToList();
        Assert.Empty(users);
    }

    /// <summary>For each folder: the folders its files use, with the files that use each.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> FolderUses()
    {
        var source = Path.Combine(RepoPaths.Root, "src", "LabelBot.Bot");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(source, f), Text: LineComment().Replace(File.ReadAllText(f), "")))
            .Select(f => (f.Path, f.Text, Namespace: NamespaceLine().Match(f.Text) is { Success: true } m ? m.Groups[1].Value : ""))
            .Where(f => f.Namespace.StartsWith(Prefix, StringComparison.Ordinal))
            .ToList();
        var folders = files.Select(f => Folder(f.Namespace[Prefix.Length..])).ToHashSet(StringComparer.Ordinal);
        var uses = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var (path, text, ns) in files)
        {
            var folder = Folder(ns[Prefix.Length..]);
            var used = QualifiedName().Matches(text).Select(m => Folder(m.Groups[1].Value))
                // Inside LabelBot.Bot.X a sibling is also named without the prefix ("Viewer.LabelViewerLinks").
                .Concat(RelativeName().Matches(text).Select(m => Folder(m.Groups[1].Value)))
                .Where(u => folders.Contains(u) && u != folder);
            foreach (var target in used.Distinct())
            {
                var byTarget = uses.TryGetValue(folder, out var existing) ? existing : uses[folder] = new(StringComparer.Ordinal);
                (byTarget.TryGetValue(target, out var list) ? list : byTarget[target] = []).Add(path);
            }
            uses.TryAdd(folder, new(StringComparer.Ordinal));
        }
        return uses;
    }

    /// <summary>"Channels.DirectLine.X" → "Channels.DirectLine"; "Storage.Postgres" → "Storage".</summary>
    private static string Folder(string relativeNamespace)
    {
        var parts = relativeNamespace.Split('.');
        return parts[0] == "Channels" && parts.Length > 1 ? $"{parts[0]}.{parts[1]}" : parts[0];
    }

    [GeneratedRegex(@"//.*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"LabelBot\.Bot\.((?:[A-Z]\w*)(?:\.[A-Z]\w*)?)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"(?<![\w.""])((?:[A-Z]\w*)(?:\.[A-Z]\w*)?)\.[A-Z]\w*")]
    private static partial Regex RelativeName();
}
