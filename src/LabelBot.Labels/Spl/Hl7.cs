using System.Xml.Linq;

namespace LabelBot.Labels.Spl;

/// <summary>Element names of the HL7 v3 namespace that SPL documents use.</summary>
internal static class Hl7
{
    public static readonly XNamespace V3 = "urn:hl7-org:v3";

    public static readonly XName Document = V3 + "document";
    public static readonly XName Id = V3 + "id";
    public static readonly XName Code = V3 + "code";
    public static readonly XName Title = V3 + "title";
    public static readonly XName EffectiveTime = V3 + "effectiveTime";
    public static readonly XName SetId = V3 + "setId";
    public static readonly XName VersionNumber = V3 + "versionNumber";
    public static readonly XName Author = V3 + "author";
    public static readonly XName AssignedEntity = V3 + "assignedEntity";
    public static readonly XName RepresentedOrganization = V3 + "representedOrganization";
    public static readonly XName Name = V3 + "name";
    public static readonly XName Suffix = V3 + "suffix";
    public static readonly XName Component = V3 + "component";
    public static readonly XName StructuredBody = V3 + "structuredBody";
    public static readonly XName Section = V3 + "section";
    public static readonly XName Text = V3 + "text";
    public static readonly XName Excerpt = V3 + "excerpt";
    public static readonly XName Highlight = V3 + "highlight";
    public static readonly XName ManufacturedProduct = V3 + "manufacturedProduct";
    public static readonly XName ManufacturedMedicine = V3 + "manufacturedMedicine";
    public static readonly XName FormCode = V3 + "formCode";
    public static readonly XName AsEntityWithGeneric = V3 + "asEntityWithGeneric";
    public static readonly XName GenericMedicine = V3 + "genericMedicine";
    public static readonly XName Ingredient = V3 + "ingredient";
    public static readonly XName IngredientSubstance = V3 + "ingredientSubstance";
    public static readonly XName RouteCode = V3 + "routeCode";
    public static readonly XName Item = V3 + "item";
    public static readonly XName Caption = V3 + "caption";
    public static readonly XName TableRow = V3 + "tr";
}
