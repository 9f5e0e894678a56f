using System.Text.RegularExpressions;
using LabelBot.Core.Labels;

namespace LabelBot.Core.Answering.Extractive;

/// <summary>One thing the question asks about, with the label words that count as mentioning it.</summary>
/// <param name="Label">The question's own words for it ("hair loss"), used when telling the user what the label lacks.</param>
/// <param name="Stems">Stems any of which, found in a label sentence, mean the sentence mentions it.</param>
/// <param name="SectionCodes">LOINC codes of sections that are about this concept (a passage there counts like its title).</param>
/// <param name="IsSpecific">
/// False for a broad topic ("side effects", "ingredients", "storage") that only says where to look; true for the
/// specific thing asked about ("gluten", "hair loss", "the elderly"), which the label must actually mention.
/// </param>
public sealed record Concept(string Label, IReadOnlyList<string> Stems, bool IsSpecific = true, IReadOnlyList<string>? SectionCodes = null)
{
    /// <summary>The user's own word for it when it differs from <see cref="Label"/> ("xanax" for benzodiazepines).</summary>
    public string? NamedAs { get; init; }

    /// <summary>True for a concept that is a section of its own ("boxed warning"): a label without that section lacks it.</summary>
    public bool RequiresSection { get; init; }

    /// <summary>
    /// True when every sentence of the concept's sections is about it, named or not ("The most common is transient
    /// drowsiness" under Adverse Reactions); false where sections mix topics (How Supplied holds storage and packaging).
    /// </summary>
    public bool SectionIsTopic { get; init; }

    /// <summary>
    /// True when a section's opening sentence is about the concept whatever its words ("For symptomatic relief of anxiety …"
    /// opens Indications), while later sentences there may be side notes ("has not been studied in …").
    /// </summary>
    public bool SectionOpeningIsTopic { get; init; }

    /// <summary>True when the passage's section (or its title) is about this concept.</summary>
    public bool IsSectionOf(LabelBot.Core.Labels.Passage passage, IReadOnlySet<string> titleStems) =>
        (SectionCodes is not null && (SectionCodes.Contains(passage.SectionCode) || SectionCodes.Contains(passage.TopSectionCode)))
        || IsMentionedIn(titleStems);

    public bool IsMentionedIn(IReadOnlySet<string> textStems) =>
        Stems.Any(q => textStems.Contains(q) || textStems.Any(t => TermStems.Related(q, t)));
}

/// <summary>
/// The content of a question as concepts: consumer phrasings mapped to label vocabulary ("side effects" → adverse
/// reactions, "elderly" → geriatric), everything else one concept per content word. Question words, the drug's own
/// names and filler never count: they occur everywhere in its label and would make any passage look relevant.
/// </summary>
public sealed partial class QuestionConcepts
{
    // Consumer phrase → label words. Phrases are matched on the lower-cased question and removed before single words.
    private static readonly HashSet<string> Topics = new(StringComparer.Ordinal)
    {
        "side effects", "what it is used for", "who should not use it", "storage", "what it looks like", "interactions",
        "how it works", "ingredients", "strengths", "warnings", "how long it lasts", "boxed warning", "how to use it", "how long it takes",
        "what kind of medicine it is", "before you take it",
    };

    private static readonly ConceptPattern[] Synonyms =
    [
        new(P(@"side[- ]?effects?|adverse (?:effects?|reactions?|events?)|reactions?"), "side effects", ["adverse", "reaction", "side", "effect"],
            [SectionCodes.AdverseReactions, SectionCodes.OtcWhenUsing, SectionCodes.OtcStopUse]) { SectionIsTopic = true },
        new(P(@"used for|use for|what (?:is|are) (?:it|they|\w+) for|what (?:is|are) (?:the )?(?:[\w-]+ ){1,4}?for\W*$|indicat\w*|treats?|treating|treatment of|good for|prescribed for"),
            "what it is used for", ["indicated", "indication", "treatment", "treat", "useful"], [SectionCodes.IndicationsAndUsage, SectionCodes.OtcPurpose]) { SectionOpeningIsTopic = true },
        new(P(@"(?:must|should|can) never|never (?:be )?(?:take|use|taken|used|combine\w*|mix\w*)|who should not|should not (?:take|use)|shouldn't (?:take|use)|not (?:take|use)|contraindicat\w*|must not"),
            "who should not use it", ["contraindicated", "contraindication", "contraindications"], [SectionCodes.Contraindications, SectionCodes.OtcDoNotUse]) { SectionIsTopic = true },
        new(P(@"(?:tell|inform|let) (?:my|your|the) (?:doctor|prescriber|pharmacist|healthcare provider|dentist|surgeon)|before (?:i |you )?(?:take|taking|start|starting|use|using)"),
            "before you take it", ["tell", "before", "history"],
            [SectionCodes.PatientCounseling, SectionCodes.MedicationGuide, SectionCodes.Contraindications, SectionCodes.OtcDoNotUse,
             SectionCodes.OtcAskDoctor, SectionCodes.OtcAskDoctorOrPharmacist]),
        new(P(@"pregnan\w*|expecting a baby|trying to conceive"), "pregnancy", ["pregnancy", "pregnant", "fetal", "fetus"],
            [SectionCodes.Pregnancy, SectionCodes.OtcPregnancyOrBreastFeeding]),
        new(P(@"breast ?feeding|breast-feeding|nursing|breast milk|lactat\w*"), "breastfeeding",
            ["lactation", "breastfeeding", "breast", "milk", "nursing"],
            [SectionCodes.Lactation, SectionCodes.NursingMothers, SectionCodes.OtcPregnancyOrBreastFeeding]),
        new(P(@"elderly|older (?:adults?|people|patients)|seniors?|old people|geriatric|aged? (?:65|over)"), "older adults",
            ["geriatric", "elderly", "65"], [SectionCodes.GeriatricUse]),
        new(P(@"\d+[- ]?(?:years?|yrs?|months?)[- ]olds?|under (?:the age of )?1\d\b|under \d+ (?:years?|months?)|minors?|toddlers?|children|kids?|child|pediatric|paediatric|infants?|newborns?|neonat\w*|teen\w*|adolescents?"), "children",
            ["pediatric", "children", "child", "adolescent", "infant", "neonate", "neonatal"], [SectionCodes.PediatricUse]),
        new(P(@"(?:catch|catching|get|getting|more|prone to) (?:an? )?infections?|infections?"), "infections",
            ["infection", "infections", "sepsis", "tuberculosis"]),
        // Milk as a food ("can I take cipro with milk"), not breast milk (matched above): the label's word is dairy.
        new(P(@"(?:with|and|after|before) (?:a glass of )?milk|dairy|yogh?urt|cheese"), "dairy products", ["dairy", "yogurt", "calcium-fortified"]),
        new(P(@"(?:got|get|gets|getting|went|gone|splashed) in(?:to)? (?:my |his |her |the |your )?eyes?|eye contact|contact with (?:the )?eyes"), "eyes",
            ["eye", "eyes", "contact", "rinse"]),
        new(P(@"alcohol\w*|(?<!energy )drink\w*|beer|wine|liquor"), "alcohol", ["alcohol", "alcoholic", "ethanol"]),
        new(P(@"stor(?:e|ed|ing|age)|keep (?:it|them)|kept|refrigerat\w*|fridge|freez\w*|froze|frozen|temperature|room temp\w*|(?:get|gets|got) (?:hot|warm|cold)|travel\w*|" +
              @"(?:summer |the )?heat|hot car|in (?:my|the|a) car|glove (?:box|compartment)|moisture|humidity|damp|carry(?:ing)?|on (?:a|the) plane|flight|flying|luggage"), "storage",
            ["store", "storage", "temperature", "refrigerator", "refrigerate", "refrigerated", "freeze", "°f", "travel", "moisture", "carrier"],
            [SectionCodes.StorageAndHandling, SectionCodes.HowSupplied, SectionCodes.OtcOtherInformation]),
        new(P(@"women|woman|female|ladies|lady|girls?"), "women", ["woman", "women", "female"]),
        new(P(@"blood sugar|glucose|diabet\w*|hba1c|a1c"), "blood sugar", ["glucose", "hba1c", "hyperglycemia", "diabetes", "diabetic"]),
        new(P(@"get rid of|dispos\w*|throw (?:it |them )?away|flush\w*|leftover|left over|unused"), "disposal",
            ["dispose", "disposal", "unused", "flush", "take-back", "discard"]),
        new(P(@"stiff\w*|rigid\w*|spasms?|twitch\w*"), "muscle stiffness", ["rigidity", "stiffness", "extrapyramidal", "dystonia", "parkinson", "spasm"]),
        new(P(@"how (?:fast|quickly|soon) (?:does|do|will|would|can|should) (?:it|they|\w+) (?:start |begin )?(?:to )?(?:work|act|help|kick in)|how long (?:until|before|till|does it take|do they take|for)|how long (?:does|do|will|would) (?:it|they|\w+) take|how soon|how quickly|how fast|kick in"), "how long it takes",
            ["month", "week", "result", "hour", "minute", "onset"]),
        new(P(@"high blood pressure|hypertension|blood pressure"), "blood pressure", ["hypertension", "blood pressure", "hypotension"]),
        new(P(@"(?:sensitiv\w* to (?:the )?)?(?:sun|sunlight|sunshine)|sunburn\w*|tanning|photosensitiv\w*"), "sun sensitivity", ["photosensitivity", "sunlight", "sun", "phototoxicity", "sunburn", "ultraviolet"]),
        new(P(@"pass(?:ed|ing)? out|faint\w*|black(?:ed)? out"), "fainting", ["syncope", "faint", "fainting", "consciousness"]),
        new(P(@"qt|heart rhythm|irregular heart\w*|arrhythmi\w*|torsades?"), "heart rhythm (QT)", ["qt", "torsade", "arrhythmia", "prolongation"]),
        new(P(@"sleep\w*|insomnia"), "sleep", ["insomnia", "sleep", "somnolence", "drowsiness"]),
        new(P(@"weight gain|gain(?:ing)? weight|weight loss|los(?:e|ing) weight"), "weight change", ["weight"]),
        new(P(@"erections?|priapism"), "erection", ["erection", "priapism"]),
        new(P(@"addict\w*|habit[- ]forming|dependen\w*|abuse"), "addiction and dependence", ["addiction", "abuse", "dependence", "misuse"],
            [SectionCodes.DrugAbuseAndDependence]),
        new(P(@"withdrawal|stop(?:ping)? (?:it|taking|using|use)|(?:stop|quit)\w* (?:\w+ )?(?:suddenly|abruptly|all at once|cold turkey)|cold turkey|abrupt\w*|" +
              @"quit\w*|come off|discontinu\w*"), "stopping it", ["withdrawal", "discontinuation", "discontinue", "stop", "abrupt"],
            [SectionCodes.OtcStopUse]) { SectionIsTopic = true },
        new(P(@"miss(?:ed)? (?:a )?dose|forget\w*|forgot"), "a missed dose", ["missed", "miss", "remember"]),
        new(P(@"look like|looks like|colou?r|shape|imprint|what does (?:it|\w+) look"), "what it looks like",
            ["color", "white", "blue", "yellow", "orange", "pink", "shape", "oval", "round", "debossed", "engraved", "film-coated", "imprint"],
            [SectionCodes.HowSupplied, SectionCodes.DosageFormsAndStrengths]),
        new(P(@"interact\w*|mix(?:ed|ing)? with|together|combin\w*"), "interactions",
            ["interaction", "interact", "coadministration", "concomitant", "combination"], [SectionCodes.DrugInteractions]),
        new(P(@"how does (?:it|\w+) work|mechanism|how (?:it|\w+) works"), "how it works", ["mechanism", "action", "inhibit", "inhibitor"],
            [SectionCodes.MechanismOfAction, SectionCodes.Pharmacodynamics]),
        new(P(@"hair loss|losing hair|hair fall\w* out|hair thinning|thinning hair|balding"), "hair loss", ["alopecia", "hair"]),
        new(P(@"muscle (?:pain|aches?|weakness|problems?)|myalgia"), "muscle pain", ["myalgia", "myopathy", "muscle", "rhabdomyolysis"]),
        new(P(@"cancers?|tumou?rs?|malignan\w*|lymphomas?|leuk(?:a)?emia"), "cancer",
            ["malignancy", "malignancies", "lymphoma", "cancer", "carcinoma", "neoplasm", "tumor", "leukemia"]),
        new(P(@"liver"), "the liver", ["hepatic", "liver", "hepatotoxicity", "hepatitis"]),
        new(P(@"kidney\w*"), "the kidneys", ["renal", "kidney"]),
        new(P(@"heart attacks?"), "heart attack", ["myocardial", "infarction", "cardiovascular", "heart"]),
        new(P(@"stroke"), "stroke", ["stroke", "cerebrovascular"]),
        new(P(@"stomach (?:bleeding|ulcers?)|bleeding in the stomach|ulcers?"), "stomach bleeding",
            ["gastrointestinal", "bleeding", "ulceration", "ulcer", "stomach"]),
        new(P(@"ingredients?|what(?:'s| is| are) in (?:it|them|(?:the |this |these |those |a |an |my |each )?(?:[\w-]+ ){0,4}?[\w-]+\W*$)|contains?|made of"), "ingredients",
            ["ingredient", "contain", "inactive", "active", "each"],
            [SectionCodes.Description, SectionCodes.OtcActiveIngredient, SectionCodes.OtcInactiveIngredients]),
        // "Is carvedilol a beta blocker?" asks what kind of medicine it is, whatever the class named.
        new(P(@"what (?:kind|type|class|sort) of (?:a )?(?:drug|medicine|medication|med|product)|(?:drug|medication|pharmacologic) class|what class|" +
              @"^(?:is|are) (?:\w+ ){1,3}?(?:an? )?(?:[\w-]+ )?(?:blockers?|inhibitors?|agonists?|antagonists?|steroids?|antibiotics?|opioids?|nsaids?|statins?|antihistamines?|antidepressants?|diuretics?|narcotics?|benzodiazepines?|stimulants?|sedatives?|muscle relaxants?)\W*$"),
            "what kind of medicine it is", ["class", "blocker", "inhibitor", "agonist", "antagonist", "agent"],
            [SectionCodes.IndicationsAndUsage, SectionCodes.Description, SectionCodes.MechanismOfAction, SectionCodes.OtcPurpose]),
        // "How much acetaminophen is in each caplet" asks for the strength, not a dose.
        new(P(@"strengths?|how strong|concentration|comes? in|available (?:in|as)|dosage forms?|" +
              @"how (?:much|many (?:mg|milligrams?|mcg))\b.{0,30}\b(?:in|per) (?:each|a|one|every|the)\b"), "strengths",
            ["strength", "mg", "tablet", "supplied", "available"],
            [SectionCodes.DosageFormsAndStrengths, SectionCodes.HowSupplied, SectionCodes.OtcActiveIngredient]),
        new(P(@"driv\w*|machinery|operate"), "driving", ["driving", "drive", "machinery", "alert", "drowsiness", "impair"]),
        new(P(@"boxed warnings?|black box(?: warnings?)?"), "boxed warning", ["boxed"], [SectionCodes.BoxedWarning]) { RequiresSection = true },
        new(P(@"warnings?|precautions?|dangers?|risks?"), "warnings", ["warning", "precaution", "risk", "caution"],
            // Drug Facts puts its warnings under their own headings ("Do not use", "Ask a doctor before use", …).
            [SectionCodes.BoxedWarning, SectionCodes.WarningsAndPrecautions, SectionCodes.Warnings, SectionCodes.Precautions,
             SectionCodes.OtcDoNotUse, SectionCodes.OtcAskDoctor, SectionCodes.OtcAskDoctorOrPharmacist, SectionCodes.OtcWhenUsing,
             SectionCodes.OtcStopUse]),
        new(P(@"how (?:do|to|should|can) (?:you |i |we |one )?(?:use|give|administer|inject|apply|spray)|instructions"), "how to use it",
            ["step", "instructions", "administer", "insert", "inject", "apply", "nostril"],
            // Drug Facts "Directions" share the dosing section's code; dose amounts never leave it in a public answer.
            [InstructionsForUse, SectionCodes.DosageAndAdministration]) { SectionIsTopic = true },
        new(P(@"half[- ]?life|stay in (?:your|the|my) (?:system|body)|how long (?:does|do) (?:it|they|\w+) (?:last|stay)"), "how long it lasts",
            ["half-life", "half", "elimination", "hour", "duration"], [SectionCodes.Pharmacokinetics]),
        new(P(@"dizz\w*|lightheaded\w*|light-headed\w*"), "dizziness", ["dizziness", "dizzy", "lightheadedness", "vertigo"]),
        new(P(@"sleepy|drows\w*|sedat\w*"), "drowsiness", ["drowsiness", "drowsy", "somnolence", "sedation", "sleepiness"]),
        new(P(@"tired\w*|fatigue\w*|exhaust\w*"), "tiredness", ["fatigue", "tiredness", "asthenia", "tired"]),
        new(P(@"itch\w*"), "itching", ["pruritus", "itching", "itch"]),
        new(P(@"nause\w*|throw(?:ing)? up|vomit\w*"), "nausea or vomiting", ["nausea", "vomiting", "vomit"]),
        new(P(@"headaches?"), "headache", ["headache"]),
        new(P(@"blurr\w*|vision"), "vision changes", ["vision", "visual", "blurred", "blurry"]),
        new(P(@"shak\w*|tremors?|trembl\w*"), "tremor", ["tremor", "shaking"]),
        new(P(@"drool\w*"), "drooling", ["drooling", "salivation", "hypersalivation"]),
        new(P(@"can'?t pee|urinat\w*|peeing"), "urination problems", ["urinary", "urination", "retention", "urine"]),
        new(P(@"tendons?|achilles"), "tendon problems", ["tendon", "tendinitis", "tendinopathy", "rupture"]),
        new(P(@"flush\w*|red face|face (?:was |is |turned )?red"), "flushing", ["flushing", "flush"]),
        new(P(@"sexually transmitted|stds?|stis?"), "sexually transmitted diseases", ["sexually", "transmitted", "hiv"]),
        new(P(@"expir\w*"), "expiration", ["expiration", "expiry", "date", "discard"]),
    ];

    // Words that carry no content of their own in a question about a label.
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "anything", "are", "as", "at", "be", "been",
        "being", "by", "can", "could", "did", "do", "does", "doing", "for", "from", "get", "gets", "getting", "got", "had",
        "has", "have", "he", "her", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "it's", "just", "label",
        "labels", "labeling", "let", "like", "may", "me", "might", "more", "most", "much", "many", "must", "my", "of", "on",
        "one", "or", "our", "please", "really", "says", "said", "she", "should", "so", "some", "something", "tell",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too", "us", "use",
        "used", "using", "take", "takes", "taking", "taken", "took", "was", "we", "were", "what", "what's", "whats", "when",
        "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "know", "known", "mention",
        "mentions", "information", "info", "drug", "drugs", "medicine", "medicines", "medication", "medications", "med", "meds",
        "pill", "pills", "tablet", "tablets", "capsule", "capsules", "caplet", "caplets", "gelcap", "gelcaps", "softgel", "softgels", "product", "products", "thanks", "thank", "cause",
        "causes", "happen", "happens", "other", "others", "still", "ok", "okay", "very", "generic", "brand", "version", "ones",
        "need", "want", "there's", "here", "way", "ever", "now", "each", "every", "same", "different", "difference", "differnce",
        "diffrence", "vs",
        "versus", "between", "section", "sections", "state", "states", "talk", "regarding", "concerning", "hi", "hello",
        "question", "questions", "read", "online", "true", "lot", "lots", "anyone", "people", "person", "someone",
        "patient", "patients", "doctor", "pharmacist", "asking", "ask", "list", "say", "give", "given", "start", "starting", "feel",
        "feeling", "felt", "day", "days", "week", "weeks", "month", "months", "year", "years", "since", "started", "time", "all",
        "normal", "constantly", "ago", "today", "yesterday", "badly", "well", "think", "seems", "seem", "keep", "keeps",
        "kept", "make", "makes", "made", "fact", "facts", "safe", "safely", "fine", "possible", "able", "allowed", "put",
        "go", "going", "supposed", "ought", "fda", "official", "approved", "approval", "prescribing", "details", "detail",
        "actually", "exactly", "definitely", "usually", "generally", "typically", "common", "commonly", "certain", "sure",
        "right", "wrong", "bad", "good", "yes", "no", "not", "anybody", "everyone", "somebody", "men's", "easily", "easy",
        // Words about the asking, never about the medicine: a label that lacks them lacks nothing.
        "during", "before", "within", "per", "upon", "according", "accordance", "recommend", "recommends", "recommended",
        "recommendation", "recommendations", "advice", "advise", "advised", "guidance", "emphasize", "emphasise", "emphasizes",
        "emphasises", "emphasized", "overall", "main", "key", "important", "importance", "general", "specific", "particular",
        "basically", "regard", "issue", "issues", "concern", "concerns", "concerned", "worried", "worry", "wondering", "wonder",
        "i'm", "im", "i've", "ive", "i'd", "i'll", "you're", "we're", "they're", "he's", "she's", "that's", "isn't", "aren't",
        "don't", "dont", "doesn't", "didn't", "can't", "cant", "won't", "wouldn't", "shouldn't", "couldn't",
        "wait", "waiting", "waited", "condition", "conditions", "medical", "see",
    };

    private QuestionConcepts(IReadOnlyList<Concept> concepts) => Concepts = concepts;

    public IReadOnlyList<Concept> Concepts { get; }

    public int Count => Concepts.Count;

    /// <summary>Weight of a concept in sentence scores: the specific thing asked about counts double a broad topic.</summary>
    public static double Weight(Concept concept) => concept.IsSpecific ? 2.0 : 1.0;

    /// <summary>
    /// Whether the mentioned concepts answer the question: at least half of the specific concepts (at least one),
    /// or, when the question has only broad topics, at least one of them.
    /// </summary>
    public bool IsCoveredBy(IReadOnlyCollection<Concept> mentioned, double minimumShare)
    {
        if (Concepts.Count == 0)
        {
            return true;
        }
        var specific = Concepts.Count(c => c.IsSpecific);
        if (specific == 0)
        {
            return mentioned.Count > 0;
        }
        var mentionedSpecific = mentioned.Count(c => c.IsSpecific);
        return mentionedSpecific > 0 && mentionedSpecific / (double)specific >= minimumShare;
    }

    /// <param name="question">The user's question (and, for a follow-up, the earlier question it continues).</param>
    /// <param name="productWords">Words naming the products in focus; they never count as content.</param>
    /// <param name="companions">
    /// Other loaded products the question names beside the subject, with their ingredients: "lipitor" is mentioned by a
    /// sentence about atorvastatin.
    /// </param>
    public static QuestionConcepts From(
        string question, IEnumerable<string> productWords, IEnumerable<(string Term, IReadOnlyList<string> Ingredients)>? companions = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        var ignored = new HashSet<string>(productWords.SelectMany(TermStems.Words).Select(TermStems.Stem), StringComparer.Ordinal);
        var text = question.ToLowerInvariant().Replace('’', '\'');
        var concepts = new List<Concept>();
        // Contact details and links are never content, and must never be echoed back as "the missing topic".
        text = Contact().Replace(text, " ");
        foreach (var pattern in Synonyms)
        {
            var (phrase, label, labelWords, sections) = pattern;
            if (phrase.IsMatch(text))
            {
                if (!concepts.Any(c => c.Label == label))
                {
                    concepts.Add(new Concept(label, labelWords.Select(TermStems.Stem).Distinct().ToList(), IsSpecific: !Topics.Contains(label),
                        SectionCodes: sections) { RequiresSection = pattern.RequiresSection, SectionIsTopic = pattern.SectionIsTopic, SectionOpeningIsTopic = pattern.SectionOpeningIsTopic });
                }
                text = phrase.Replace(text, " ");
            }
        }
        foreach (var (term, ingredients) in companions ?? [])
        {
            var phrase = NameInText(term);
            if (!phrase.IsMatch(text))
            {
                continue;
            }
            var stems = TermStems.Words(term).Concat(ingredients.SelectMany(TermStems.Words)).Select(TermStems.Stem).Distinct().ToList();
            concepts.Add(new Concept(term, stems));
            text = phrase.Replace(text, " ");
        }
        // Another medicine named beside the subject: the label speaks of its class ("Xanax" → benzodiazepines).
        foreach (var drugClass in DrugClasses.Classes)
        {
            foreach (var name in drugClass.Names)
            {
                var phrase = NameInText(name);
                if (!phrase.IsMatch(text) || TermStems.Words(name).All(w => ignored.Contains(TermStems.Stem(w))))
                {
                    continue;
                }
                var stems = drugClass.LabelWords.SelectMany(TermStems.Words).Select(TermStems.Stem).Distinct().ToList();
                if (!concepts.Any(c => c.Label == drugClass.LabelWords[0]))
                {
                    concepts.Add(new Concept(drugClass.LabelWords[0], stems) { NamedAs = name });
                }
                text = phrase.Replace(text, " ");
            }
        }
        foreach (var word in TermStems.Words(text))
        {
            if (word.Length < 3 || Filler.Contains(word) || word.All(char.IsDigit))
            {
                continue;
            }
            var stem = TermStems.Stem(word);
            if (ignored.Contains(stem) || Filler.Contains(stem) || concepts.Any(c => c.Stems.Contains(stem)))
            {
                continue;
            }
            concepts.Add(new Concept(word, [stem]));
        }
        return new QuestionConcepts(concepts);
    }

    /// <summary>The question's concepts less <paramref name="removed"/> (what is left to show beside a "not in label").</summary>
    public static QuestionConcepts Without(QuestionConcepts concepts, IEnumerable<Concept> removed)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        var drop = removed.ToHashSet();
        return new QuestionConcepts(concepts.Concepts.Where(c => !drop.Contains(c)).ToList());
    }

    /// <summary>The question's concepts plus <paramref name="added"/> (those whose label is not there yet).</summary>
    public static QuestionConcepts With(QuestionConcepts concepts, IEnumerable<Concept> added)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        return new QuestionConcepts([.. concepts.Concepts, .. added.Where(a => concepts.Concepts.All(c => c.Label != a.Label))]);
    }

    /// <summary>The concepts mentioned in text whose stems are given.</summary>
    public IEnumerable<Concept> MentionedIn(IReadOnlySet<string> textStems) => Concepts.Where(c => c.IsMentionedIn(textStems));

    /// <summary>How the question's topic is named to the user ("hair loss", "lactose").</summary>
    public string Topic
    {
        get
        {
            var named = Concepts.Any(c => c.IsSpecific) ? Concepts.Where(c => c.IsSpecific) : Concepts;
            return Concepts.Count == 0 ? "this question" : string.Join(", ", named.Select(c => c.Label));
        }
    }

    // LOINC "Instructions for Use" (not among the shared SectionCodes constants).
    private const string InstructionsForUse = "59845-8";

    private sealed record ConceptPattern(Regex Phrase, string Label, string[] LabelWords, string[]? Sections = null)
    {
        public bool RequiresSection { get; init; }

        public bool SectionIsTopic { get; init; }

        public bool SectionOpeningIsTopic { get; init; }
    }

    [GeneratedRegex(@"\S+@\S+|https?://\S+|www\.\S+|\+?\d[\d\s().-]{6,}\d", RegexOptions.IgnoreCase)]
    private static partial Regex Contact();

    private static Regex NameInText(string name) => NamePatterns.GetOrAdd(name, n => P(Regex.Escape(n)));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> NamePatterns = new(StringComparer.Ordinal);

    private static Regex P(string pattern) =>
        new(@"\b(?:" + pattern + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
