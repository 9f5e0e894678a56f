using System.Xml;
using System.Xml.Linq;

namespace LabelBot.Core.Tests.Support;

/// <summary>
/// Product, generic and active-ingredient names of the real SPL labels in the shared corpus, read straight from the XML
/// (DTDs prohibited). The routing tests use them to know whether a question's drug has a label, the way the engine's
/// product resolver would.
/// </summary>
public static class CorpusProducts
{
    private static readonly Lazy<IReadOnlyList<string>> LazyNames = new(Load);

    public static IReadOnlyList<string> Names => LazyNames.Value;

    /// <summary>True when some label's product or active ingredient names contain every word of <paramref name="drug"/>.</summary>
    public static bool Contains(string drug)
    {
        var words = drug.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Names.Any(name =>
        {
            var nameWords = name.Split([' ', ',', '(', ')', '-', '/'], StringSplitOptions.RemoveEmptyEntries);
            return words.All(w => nameWords.Contains(w, StringComparer.Ordinal));
        });
    }

    private static List<string> Load()
    {
        var folder = SharedData.SplFolder ?? throw new InvalidOperationException(SharedData.MissingMessage);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.xml"))
        {
            using var reader = XmlReader.Create(file, settings);
            var document = XDocument.Load(reader);
            foreach (var product in document.Descendants().Where(e => e.Name.LocalName == "manufacturedProduct"))
            {
                var activeNames = product.Descendants()
                    .Where(e => e.Name.LocalName == "name")
                    .Where(e => !e.Ancestors().Any(a => a.Name.LocalName == "ingredient" && (string?)a.Attribute("classCode") == "IACT"));
                names.AddRange(activeNames.Select(e => e.Value.Trim().ToLowerInvariant()).Where(n => n.Length > 0));
            }
        }
        return names.Distinct(StringComparer.Ordinal).ToList();
    }
}
