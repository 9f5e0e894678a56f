using LabelBot.Core.Answering.Phrasing;
using LabelBot.Core.Labels;

namespace LabelBot.Llm.Tests.TestSupport;

/// <summary>Hand-made numbered passages shaped like label text, for verifier and phraser tests.</summary>
internal static class Passages
{
    public static NumberedPassage Make(int n, string text, string sectionNumber = "5.1", string sectionTitle = "Warnings", string label = "Examplofen Tablets") =>
        new(n, new Passage($"p{n}", "00000000-0000-0000-0000-000000000001", 3, n, "34071-1", sectionNumber, sectionTitle, "34071-1", sectionTitle, sectionTitle, text), label);

    /// <summary>Three passages of an imaginary NSAID label.</summary>
    public static IReadOnlyList<NumberedPassage> Nsaid() =>
    [
        Make(1, "Stomach bleeding warning: This product contains an NSAID, which may cause severe stomach bleeding. The chance is higher if you are age 60 or older, have had stomach ulcers or bleeding problems, or take more or for a longer time than directed.", "", "Warnings"),
        Make(2, "Adults and children 12 years and over: take 1 tablet every 4 to 6 hours while symptoms persist. Do not take more than 6 tablets in 24 hours unless directed by a doctor.", "", "Directions"),
        Make(3, "Each tablet contains ibuprofen 200 mg (NSAID). Store at 20-25°C (68-77°F). Avoid excessive heat above 40°C (104°F).", "", "Active ingredient"),
    ];
}
