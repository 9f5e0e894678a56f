using System.Text.RegularExpressions;
using LabelBot.Core.Labels;

namespace LabelBot.Search.Retrieval;

/// <summary>What a question asks about, in label terms: the sections that usually hold the answer.</summary>
public enum QuestionTopic
{
    AdverseReactions,
    Overdose,
    PregnancyAndNursing,
    Mechanism,
    Interactions,
    Contraindications,
    Storage,
    Dosing,
    Indications,
    Ingredients,
    Children,
    Elderly,
    Kidney,
    Liver,
    BoxedWarning,
    Warnings,
    AbuseAndDependence,
    Strengths,
    Stopping,
}

/// <summary>
/// One topic the question is about. <see cref="PrimaryCodes"/> are the sections that answer it (matched against a
/// passage's own or top-level section code), <see cref="SecondaryCodes"/> often help, and <see cref="TitleWords"/>
/// catch subsections that carry only the generic code (e.g. "8.6 Renal Impairment"). <see cref="SearchTerms"/> are the
/// label's own words for the topic ("side effects" → "adverse reactions"), added to the full-text query.
/// </summary>
public sealed record QuestionIntent(
    QuestionTopic Topic,
    IReadOnlyList<string> PrimaryCodes,
    IReadOnlyList<string> SecondaryCodes,
    IReadOnlyList<string> TitleWords,
    IReadOnlyList<string> SearchTerms)
{
    /// <summary>Every code that may answer, primary first: what an answerer loads with <c>GetPassagesAsync(setId, codes)</c>.</summary>
    public IReadOnlyList<string> AllCodes => [.. PrimaryCodes, .. SecondaryCodes];
}

/// <summary>
/// The question → section lexicon, shared by retrieval (boosts) and answering (which sections to read or cite).
/// Patterns are plain-language phrasings a patient would use, matched case-insensitively on word boundaries.
/// </summary>
public static partial class SectionIntent
{
    /// <summary>Score multiplier for a passage in a primary section of a detected topic.</summary>
    public const double PrimaryBoost = 2.5;

    /// <summary>Multiplier for a secondary section or a subsection whose title names the topic.</summary>
    public const double SecondaryBoost = 1.2;

    public const double TitleBoost = 2.0;

    private static readonly LexiconEntry[] Lexicon =
    [
        Entry(QuestionTopic.AdverseReactions,
            @"side[\s-]?effects?|adverse|reactions?|bad effects?|make[s]? (me|you|him|her|them|people) (feel )?\w+|cause[sd]?\b|(can|does|will|could) it cause|symptoms? (after|from)|what happens? (if|when) (i|you) take|drows(y|iness)|sleepy|dizz(y|iness)|nause(a|ous)",
            [SectionCodes.AdverseReactions, SectionCodes.OtcWhenUsing, SectionCodes.OtcStopUse],
            [SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.Precautions, SectionCodes.BoxedWarning],
            ["adverse", "side effects", "postmarketing"],
            ["adverse", "reactions"]),
        Entry(QuestionTopic.Overdose,
            @"overdos\w*|too (much|many)|(took|taken|take|swallowed) (an? )?(extra|double|more than)|double dose|poison(ed|ing)?",
            [SectionCodes.Overdosage],
            [SectionCodes.OtcKeepOutOfReach, SectionCodes.Warnings],
            ["overdos"],
            ["overdosage", "overdose"]),
        Entry(QuestionTopic.PregnancyAndNursing,
            @"pregnan\w*|expecting a baby|trying to conceive|conceiv\w*|breast[\s-]?feed\w*|breast[\s-]?milk|nursing|lactat\w*|unborn|fetus|fetal",
            [SectionCodes.UseInSpecificPopulations, SectionCodes.Pregnancy, SectionCodes.Lactation, SectionCodes.NursingMothers, SectionCodes.OtcPregnancyOrBreastFeeding, "34079-4"],
            [SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings],
            ["pregnan", "lactation", "nursing", "breast"],
            ["pregnancy", "lactation", "nursing"]),
        Entry(QuestionTopic.Mechanism,
            @"how (does|do|will) (it|this|they|\w+) work|how \w+ works|mechanism|mode of action|what does (it|\w+) do (in|to) (the|my) body|how it acts",
            [SectionCodes.MechanismOfAction],
            [SectionCodes.ClinicalPharmacology, SectionCodes.Pharmacodynamics],
            ["mechanism"],
            ["mechanism", "action"]),
        Entry(QuestionTopic.Interactions,
            @"interact\w*|together with|along with|at the same time as|combin\w*|mix(ed|ing)?\b|with (grapefruit|alcohol|beer|wine|antacids?|other (drugs|medicines|medications))|grapefruit|alcohol|drink(ing)?\b|while (taking|on)|(take|taking|use|using) (it|this|them|\w+)( \w+)? with (?!(food|a meal|meals|milk|water)\b)\w+",
            [SectionCodes.DrugInteractions, SectionCodes.OtcAskDoctorOrPharmacist],
            [SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.Precautions, SectionCodes.ClinicalPharmacology],
            ["interaction", "concomitant", "alcohol"],
            ["interactions", "concomitant"]),
        Entry(QuestionTopic.Contraindications,
            @"contraindicat\w*|who (should|must) (not|never) (take|use)|(should|must) not (take|use)|shouldn'?t (take|use)|can'?t (take|use)|cannot (take|use)|not (be )?(take|use)n? (it|this|\w+) if|allergic to",
            [SectionCodes.Contraindications, SectionCodes.OtcDoNotUse],
            [SectionCodes.OtcAskDoctor, SectionCodes.BoxedWarning, SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings],
            ["contraindication", "do not use"],
            ["contraindications", "contraindicated"]),
        Entry(QuestionTopic.Storage,
            @"stor(e|ed|ing|age)|refrigerat\w*|fridge|temperature|room temp\w*|freez\w*|expir\w*|shelf life|keep (it|them|this)",
            [SectionCodes.HowSupplied, SectionCodes.StorageAndHandling, SectionCodes.OtcOtherInformation],
            [SectionCodes.DosageAndAdministration],
            ["storage", "how supplied"],
            ["storage", "store", "supplied"]),
        Entry(QuestionTopic.Dosing,
            @"(?<!low[\s-])\bdos(e|es|age|ing)\b|how (much|many|often|long|to take|to use|do i take|should i take|do i use|should i use)|how (do|should|can|would) (i|you|we) (give|use|take|apply|administer|spray|inject)|when (to|should i) take|directions|instructions|administ\w*|missed (a )?dose|mg\b|maximum daily|max(imum)? (dose|amount)|take it with|with or without food|empty stomach|(take|taken|taking) ((it|this|them|\w+) )?with (food|a meal|meals|milk|water)|with (food|meals?)\b",
            [SectionCodes.DosageAndAdministration],
            [SectionCodes.DosageFormsAndStrengths, SectionCodes.PatientCounseling],
            ["dosage", "dosing", "directions", "administration"],
            ["dosage", "administration", "directions"]),
        Entry(QuestionTopic.Indications,
            @"what (is|are) (it|this|they|\w+) (used )?for|used (for|to treat)|(is|are) (it|this|\w+) for\b|treats?\b|treatment of|indicat\w*|purpose|approved for|help with|good for|what does (it|\w+) treat",
            [SectionCodes.IndicationsAndUsage, SectionCodes.OtcPurpose],
            [],
            ["indications", "uses"],
            ["indicated", "indications", "uses"]),
        Entry(QuestionTopic.Ingredients,
            @"ingredients?|inactive|what'?s in (it|this|\w+)|what is in|contains?|gluten|lactose|dyes?\b|excipients?|made of|made from|preservatives?|allerg(en|ens)",
            [SectionCodes.Description, SectionCodes.OtcInactiveIngredients, SectionCodes.OtcActiveIngredient],
            [SectionCodes.HowSupplied],
            ["description", "ingredient"],
            ["ingredients", "inactive", "description"]),
        Entry(QuestionTopic.Children,
            @"child(ren)?|kids?\b|pediatric|paediatric|infants?|toddlers?|babies|baby|teen(ager)?s?|adolescents?",
            [SectionCodes.PediatricUse],
            [SectionCodes.DosageAndAdministration, SectionCodes.UseInSpecificPopulations],
            ["pediatric", "children"],
            ["pediatric", "children"]),
        Entry(QuestionTopic.Elderly,
            @"elderly|older (adults?|people|patients?|persons?)|geriatric|seniors?|aged? (65|over 65)|over 65|in old age",
            [SectionCodes.GeriatricUse],
            [SectionCodes.UseInSpecificPopulations],
            ["geriatric", "elderly"],
            ["geriatric", "elderly"]),
        Entry(QuestionTopic.Kidney,
            @"kidneys?|renal|dialysis|creatinine",
            [],
            [SectionCodes.UseInSpecificPopulations, SectionCodes.DosageAndAdministration],
            ["renal", "kidney"],
            ["renal", "impairment"]),
        Entry(QuestionTopic.Liver,
            @"liver|hepat\w*|cirrhosis",
            [],
            [SectionCodes.UseInSpecificPopulations, SectionCodes.DosageAndAdministration, SectionCodes.WarningsAndPrecautions],
            ["hepat", "liver"],
            ["hepatic", "impairment"]),
        Entry(QuestionTopic.BoxedWarning,
            @"boxed warning|black[\s-]?box",
            [SectionCodes.BoxedWarning],
            [],
            ["warning:"],
            ["warning"]),
        Entry(QuestionTopic.Warnings,
            @"warnings?|precautions?",
            [SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.BoxedWarning],
            [SectionCodes.Precautions, SectionCodes.OtcAskDoctor, SectionCodes.OtcStopUse, SectionCodes.OtcDoNotUse],
            ["warning", "precaution"],
            ["warnings", "precautions"]),
        // Vague safety words point at the warnings only when nothing more specific was asked ("is it safe while pregnant").
        Entry(QuestionTopic.Warnings,
            @"risks?\b|dangerous|danger|is it safe|safe to|safety|careful",
            [SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.BoxedWarning],
            [SectionCodes.Precautions, SectionCodes.OtcAskDoctor, SectionCodes.OtcStopUse, SectionCodes.OtcDoNotUse],
            ["warning", "precaution"],
            ["warnings", "precautions"],
            fallbackOnly: true),
        Entry(QuestionTopic.AbuseAndDependence,
            @"addict\w*|abuse|misuse|dependen\w*|habit[\s-]?forming|withdrawal|controlled substance|get high",
            [SectionCodes.DrugAbuseAndDependence, "34085-1", "34086-9", "34087-7"],
            [SectionCodes.BoxedWarning, SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings],
            ["abuse", "dependence", "addiction"],
            ["abuse", "dependence", "addiction"]),
        Entry(QuestionTopic.Stopping,
            @"stop(ping)? (taking|using|it|them|\w+ suddenly)|quit(ting)?\b|come off|discontinu\w*|abrupt\w*|suddenly|cold turkey",
            [SectionCodes.OtcStopUse],
            [SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.DosageAndAdministration],
            ["cessation", "discontinu", "withdrawal", "stop use"],
            ["discontinuation", "cessation", "withdrawal", "abrupt"]),
        Entry(QuestionTopic.Strengths,
            @"strengths?|what (sizes|doses) (does|do) (it|\w+) come in|come in|available (as|in)|forms? (does|do) (it|\w+) come|what does (it|the pill|the tablet) look like|colou?r|shape|imprint",
            [SectionCodes.DosageFormsAndStrengths, SectionCodes.HowSupplied],
            [SectionCodes.Description],
            ["dosage forms", "how supplied"],
            ["strengths", "supplied"]),
    ];

    /// <summary>The topics a question asks about, in lexicon order; empty when none is recognised.</summary>
    public static IReadOnlyList<QuestionIntent> Detect(string? question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return [];
        }
        var text = question.Length > 2000 ? question[..2000] : question;
        var found = new List<QuestionIntent>();
        foreach (var entry in Lexicon.Where(e => !e.FallbackOnly))
        {
            if (Matches(entry.Pattern, text) && !found.Contains(entry.Intent))
            {
                found.Add(entry.Intent);
            }
        }
        if (found.Count == 0)
        {
            found.AddRange(Lexicon.Where(e => e.FallbackOnly && Matches(e.Pattern, text)).Select(e => e.Intent));
        }
        return found;
    }

    /// <summary>The intent for one topic (for answerers that already know what they look for).</summary>
    public static QuestionIntent For(QuestionTopic topic) => Lexicon.First(e => e.Intent.Topic == topic).Intent;

    /// <summary>
    /// How much a passage's section suits the question: the largest multiplier over the detected topics
    /// (1 when none applies). Own or top-level section code in a primary list counts most.
    /// </summary>
    public static double BoostFor(Passage passage, IReadOnlyList<QuestionIntent> intents)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var best = 1.0;
        foreach (var intent in intents)
        {
            if (Contains(intent.PrimaryCodes, passage.SectionCode) || Contains(intent.PrimaryCodes, passage.TopSectionCode))
            {
                return PrimaryBoost;
            }
            if (TitleMatches(intent.TitleWords, passage))
            {
                best = Math.Max(best, TitleBoost);
            }
            else if (Contains(intent.SecondaryCodes, passage.SectionCode) || Contains(intent.SecondaryCodes, passage.TopSectionCode))
            {
                best = Math.Max(best, SecondaryBoost);
            }
        }
        return best;
    }

    /// <summary>A pattern that times out (a starved CPU, never the input: patterns are simple and input is capped) counts as no match.</summary>
    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool Contains(IReadOnlyList<string> codes, string code)
    {
        for (var i = 0; i < codes.Count; i++)
        {
            if (string.Equals(codes[i], code, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static bool TitleMatches(IReadOnlyList<string> words, Passage passage)
    {
        foreach (var word in words)
        {
            if (passage.SectionTitle.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static LexiconEntry Entry(QuestionTopic topic, string pattern, string[] primary, string[] secondary, string[] titleWords, string[] searchTerms, bool fallbackOnly = false) =>
        new(new Regex(@"\b(?:" + pattern + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1)),
            new QuestionIntent(topic, primary, secondary, titleWords, searchTerms),
            fallbackOnly);

    private sealed record LexiconEntry(Regex Pattern, QuestionIntent Intent, bool FallbackOnly);
}
