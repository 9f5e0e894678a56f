using System.Globalization;
using LabelBot.Core.Labels;

namespace LabelBot.Labels.Spl;

/// <summary>
/// Readable titles for sections that carry a LOINC code but no <c>&lt;title&gt;</c>. OTC labels get the
/// Drug Facts wording ("Uses", "Directions") because that is what the printed label says.
/// </summary>
internal static class SectionTitles
{
    public const string HighlightsTitle = "Highlights of Prescribing Information";

    private static readonly Dictionary<string, string> Prescription = new(StringComparer.Ordinal)
    {
        [SectionCodes.BoxedWarning] = "Boxed Warning",
        [SectionCodes.RecentMajorChanges] = "Recent Major Changes",
        [SectionCodes.IndicationsAndUsage] = "Indications and Usage",
        [SectionCodes.DosageAndAdministration] = "Dosage and Administration",
        [SectionCodes.DosageFormsAndStrengths] = "Dosage Forms and Strengths",
        [SectionCodes.Contraindications] = "Contraindications",
        [SectionCodes.WarningsAndPrecautions] = "Warnings and Precautions",
        [SectionCodes.Warnings] = "Warnings",
        [SectionCodes.Precautions] = "Precautions",
        [SectionCodes.AdverseReactions] = "Adverse Reactions",
        [SectionCodes.DrugInteractions] = "Drug Interactions",
        [SectionCodes.UseInSpecificPopulations] = "Use in Specific Populations",
        [SectionCodes.Pregnancy] = "Pregnancy",
        [SectionCodes.Lactation] = "Lactation",
        [SectionCodes.NursingMothers] = "Nursing Mothers",
        [SectionCodes.PediatricUse] = "Pediatric Use",
        [SectionCodes.GeriatricUse] = "Geriatric Use",
        [SectionCodes.DrugAbuseAndDependence] = "Drug Abuse and Dependence",
        [SectionCodes.Overdosage] = "Overdosage",
        [SectionCodes.Description] = "Description",
        [SectionCodes.ClinicalPharmacology] = "Clinical Pharmacology",
        [SectionCodes.MechanismOfAction] = "Mechanism of Action",
        [SectionCodes.Pharmacodynamics] = "Pharmacodynamics",
        [SectionCodes.Pharmacokinetics] = "Pharmacokinetics",
        [SectionCodes.NonclinicalToxicology] = "Nonclinical Toxicology",
        [SectionCodes.ClinicalStudies] = "Clinical Studies",
        [SectionCodes.HowSupplied] = "How Supplied",
        [SectionCodes.StorageAndHandling] = "Storage and Handling",
        [SectionCodes.PatientCounseling] = "Patient Counseling Information",
        [SectionCodes.MedicationGuide] = "Medication Guide",
        [SectionCodes.PatientPackageInsert] = "Patient Package Insert",
        [SectionCodes.PackageLabel] = "Package Label",
        [SectionCodes.OtcActiveIngredient] = "Active ingredient",
        [SectionCodes.OtcPurpose] = "Purpose",
        [SectionCodes.OtcDoNotUse] = "Do not use",
        [SectionCodes.OtcAskDoctor] = "Ask a doctor before use if you have",
        [SectionCodes.OtcAskDoctorOrPharmacist] = "Ask a doctor or pharmacist before use if you are",
        [SectionCodes.OtcWhenUsing] = "When using this product",
        [SectionCodes.OtcStopUse] = "Stop use and ask a doctor if",
        [SectionCodes.OtcPregnancyOrBreastFeeding] = "If pregnant or breast-feeding",
        [SectionCodes.OtcKeepOutOfReach] = "Keep out of reach of children",
        [SectionCodes.OtcOtherInformation] = "Other information",
        [SectionCodes.OtcInactiveIngredients] = "Inactive ingredients",
        [SectionCodes.OtcQuestions] = "Questions",
        ["34077-8"] = "Teratogenic Effects",
        ["34079-4"] = "Labor and Delivery",
        ["34083-6"] = "Carcinogenesis, Mutagenesis, Impairment of Fertility",
        ["34093-5"] = "References",
        ["59845-8"] = "Instructions for Use",
        ["68498-5"] = "Patient Medication Information",
    };

    // Drug Facts reuse the prescription codes for differently worded headings.
    private static readonly Dictionary<string, string> DrugFacts = new(StringComparer.Ordinal)
    {
        [SectionCodes.IndicationsAndUsage] = "Uses",
        [SectionCodes.DosageAndAdministration] = "Directions",
        [SectionCodes.StorageAndHandling] = "Other information",
    };

    /// <summary>
    /// A title for an untitled section: known code, else the code's display name ("TERATOGENIC EFFECTS SECTION"
    /// → "Teratogenic effects"); empty for unclassified sections, which borrow their parent's title instead.
    /// </summary>
    public static string ForCode(string code, LabelFormat format, string? displayName)
    {
        if (code == SectionCodes.Unclassified || code == SectionCodes.Highlights)
        {
            return string.Empty;
        }
        if (format == LabelFormat.Otc && DrugFacts.TryGetValue(code, out var drugFacts))
        {
            return drugFacts;
        }
        if (Prescription.TryGetValue(code, out var known))
        {
            return known;
        }
        return FromDisplayName(displayName);
    }

    private static string FromDisplayName(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return string.Empty;
        }
        var name = displayName.Trim();
        foreach (var prefix in new[] { "SPL ", "OTC - " })
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[prefix.Length..];
            }
        }
        if (name.EndsWith(" SECTION", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^" SECTION".Length];
        }
        name = name.Trim();
        if (name.Length == 0 || name.Equals("UNCLASSIFIED", StringComparison.OrdinalIgnoreCase))
        {
            return string.Empty;
        }
        var lower = name.ToLower(CultureInfo.InvariantCulture);
        return char.ToUpperInvariant(lower[0]) + lower[1..];
    }
}
