namespace LabelBot.Core.Labels;

/// <summary>LOINC section codes used by SPL (FDA "Section Headings" value set) that LabelBot reasons about.</summary>
public static class SectionCodes
{
    public const string Unclassified = "42229-5";
    public const string Highlights = "48780-1";
    public const string BoxedWarning = "34066-1";
    public const string RecentMajorChanges = "43683-2";
    public const string IndicationsAndUsage = "34067-9";
    public const string DosageAndAdministration = "34068-7";
    public const string DosageFormsAndStrengths = "43678-2";
    public const string Contraindications = "34070-3";
    public const string WarningsAndPrecautions = "43685-7";
    public const string Warnings = "34071-1";
    public const string Precautions = "42232-9";
    public const string AdverseReactions = "34084-4";
    public const string DrugInteractions = "34073-7";
    public const string UseInSpecificPopulations = "43684-0";
    public const string Pregnancy = "42228-7";
    public const string Lactation = "77290-5";
    public const string NursingMothers = "34080-2";
    public const string PediatricUse = "34081-0";
    public const string GeriatricUse = "34082-8";
    public const string DrugAbuseAndDependence = "42227-9";
    public const string Overdosage = "34088-5";
    public const string Description = "34089-3";
    public const string ClinicalPharmacology = "34090-1";
    public const string MechanismOfAction = "43679-0";
    public const string Pharmacodynamics = "43681-6";
    public const string Pharmacokinetics = "43682-4";
    public const string NonclinicalToxicology = "43680-8";
    public const string ClinicalStudies = "34092-7";
    public const string HowSupplied = "34069-5";
    public const string StorageAndHandling = "44425-7";
    public const string PatientCounseling = "34076-0";
    public const string MedicationGuide = "42231-1";
    public const string PatientPackageInsert = "42230-3";
    public const string PackageLabel = "51945-4";
    // OTC Drug Facts
    public const string OtcActiveIngredient = "55106-9";
    public const string OtcPurpose = "55105-1";
    public const string OtcDoNotUse = "50570-1";
    public const string OtcAskDoctor = "50569-3";
    public const string OtcAskDoctorOrPharmacist = "50568-5";
    public const string OtcWhenUsing = "50567-7";
    public const string OtcStopUse = "50566-9";
    public const string OtcPregnancyOrBreastFeeding = "53414-9";
    public const string OtcKeepOutOfReach = "50565-1";
    public const string OtcOtherInformation = "60561-8";
    public const string OtcInactiveIngredients = "51727-6";
    public const string OtcQuestions = "53413-1";
    public const string OtcDocument = "34390-5";
    public const string PrescriptionDocument = "34391-3";
}
