using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace LabelBot.Core.Answering.Prompts;

/// <summary>
/// Every fixed user-facing text and LLM prompt, loaded by name from the Markdown files under prompts/ that are
/// embedded into LabelBot.Core. The shipped wording is the tested wording; clinical reviewers read that one folder.
/// </summary>
/// <remarks>
/// File format: a front matter block (<c>---</c>, <c>key: value</c> lines, <c>---</c>) whose <c>name</c> is the lookup
/// key (the file name without extension when absent), then the Markdown body with <c>{{placeholder}}</c> slots.
/// </remarks>
public sealed partial class PromptCatalog
{
    private const string ResourcePrefix = "prompts/";

    private static readonly Lazy<PromptCatalog> LazyDefault = new(() => FromAssembly(typeof(PromptCatalog).Assembly));

    private readonly FrozenDictionary<string, PromptTemplate> _templates;

    private PromptCatalog(IEnumerable<PromptTemplate> templates)
    {
        var byName = new Dictionary<string, PromptTemplate>(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            if (!byName.TryAdd(template.Name, template))
            {
                throw new InvalidOperationException($"Two prompt files are named '{template.Name}'; prompt names must be unique.");
            }
        }
        _templates = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The catalog of the prompts embedded in LabelBot.Core.</summary>
    public static PromptCatalog Default => LazyDefault.Value;

    public IEnumerable<string> Names => _templates.Keys.Order(StringComparer.Ordinal);

    /// <summary>The template called <paramref name="name"/>; throws when there is none (a missing text is a build bug).</summary>
    public PromptTemplate Get(string name) =>
        _templates.TryGetValue(name, out var template)
            ? template
            : throw new KeyNotFoundException($"No prompt named '{name}' under prompts/.");

    /// <summary>Shorthand for <c>Get(name).Fill(values)</c>.</summary>
    public string Render(string name, IReadOnlyDictionary<string, string>? values = null) => Get(name).Fill(values);

    /// <summary>
    /// The rows of a table text (one "key | text" per line, e.g. a question per label section or a feedback reason per
    /// stored code), filled like <see cref="Render"/>; other lines are skipped.
    /// </summary>
    public IReadOnlyList<(string Key, string Text)> RenderRows(string name, IReadOnlyDictionary<string, string>? values = null) =>
        Render(name, values).Split('\n')
            .Select(line => line.Split('|', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
            .Select(parts => (parts[0], parts[1]))
            .ToList();

    /// <summary>Loads every embedded resource named <c>prompts/….md</c> in <paramref name="assembly"/>.</summary>
    public static PromptCatalog FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var templates = new List<PromptTemplate>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var normalized = resource.Replace('\\', '/');
            if (!normalized.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !normalized.EndsWith(".md", StringComparison.Ordinal))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded prompt '{resource}' could not be opened.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            templates.Add(Parse(Path.GetFileNameWithoutExtension(normalized), reader.ReadToEnd()));
        }
        return new PromptCatalog(templates);
    }

    /// <summary>Builds a catalog from (file name, file text) pairs; used for tests of the format itself.</summary>
    public static PromptCatalog FromTexts(IEnumerable<(string FileName, string Text)> files) =>
        new(files.Select(f => Parse(Path.GetFileNameWithoutExtension(f.FileName), f.Text)));

    internal static PromptTemplate Parse(string fallbackName, string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var body = normalized;
        var frontMatter = FrontMatter().Match(normalized);
        if (frontMatter.Success)
        {
            foreach (var line in frontMatter.Groups["meta"].Value.Split('\n'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    metadata[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }
            body = normalized[frontMatter.Length..];
        }
        var name = metadata.TryGetValue("name", out var declared) && declared.Length > 0 ? declared : fallbackName;
        return new PromptTemplate(name, body.Trim(), metadata);
    }

    [GeneratedRegex(@"\A---[ \t]*\n(?<meta>.*?)\n---[ \t]*(?:\n|\z)", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();
}
