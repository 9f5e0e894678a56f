using System.Xml.Linq;
using LabelBot.Core.Labels;

namespace LabelBot.Labels.Spl;

/// <summary>Reads the products a label describes from its <c>manufacturedProduct</c> data elements.</summary>
internal static class ProductReader
{
    public static IReadOnlyList<LabelProduct> Read(XElement document)
    {
        var products = new List<LabelProduct>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var wrapper in document.Descendants(Hl7.ManufacturedProduct))
        {
            // The product data section nests manufacturedProduct/manufacturedProduct (older SPL:
            // manufacturedMedicine); the outer element also holds the route. Author-level entries have no name.
            var product = wrapper.Element(Hl7.ManufacturedProduct) ?? wrapper.Element(Hl7.ManufacturedMedicine);
            if (product?.Element(Hl7.Name) is not { } nameElement)
            {
                continue;
            }
            var name = ProductName(nameElement);
            if (name.Length == 0)
            {
                continue;
            }
            var form = product.Element(Hl7.FormCode)?.Attribute("displayName")?.Value.Trim();
            if (!seen.Add(name + "\u0001" + form))
            {
                continue;
            }
            var generic = product.Element(Hl7.AsEntityWithGeneric)?.Element(Hl7.GenericMedicine)?.Element(Hl7.Name) is { } g
                ? SectionTextRenderer.InlineText(g)
                : null;
            products.Add(new LabelProduct(
                name,
                string.IsNullOrEmpty(generic) ? null : generic,
                string.IsNullOrEmpty(form) ? null : form,
                Routes(wrapper),
                ActiveIngredients(product)));
        }
        return products;
    }

    /// <summary>"Marcs Everyday Care Dandruff" + suffix "Anti-Dandruff", joined with a space.</summary>
    private static string ProductName(XElement name)
    {
        var buffer = new TextBuffer();
        foreach (var node in name.Nodes())
        {
            if (node is XText text)
            {
                buffer.Append(text.Value);
            }
        }
        var suffix = name.Element(Hl7.Suffix) is { } s ? SectionTextRenderer.InlineText(s) : string.Empty;
        var baseName = TextNormalizer.SingleLine(buffer.ToString());
        return suffix.Length == 0 ? baseName : TextNormalizer.SingleLine(baseName + " " + suffix);
    }

    private static List<string> Routes(XElement wrapper) =>
        wrapper.Descendants(Hl7.RouteCode)
            .Select(route => route.Attribute("displayName")?.Value.Trim() ?? string.Empty)
            .Where(route => route.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    // Kits list their active ingredients under part/partProduct, hence Descendants.
    private static List<string> ActiveIngredients(XElement product) =>
        product.Descendants(Hl7.Ingredient)
            .Where(ingredient => ingredient.Attribute("classCode")?.Value is "ACTIM" or "ACTIB")
            .Select(ingredient => ingredient.Element(Hl7.IngredientSubstance)?.Element(Hl7.Name))
            .OfType<XElement>()
            .Select(SectionTextRenderer.InlineText)
            .Where(name => name.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
