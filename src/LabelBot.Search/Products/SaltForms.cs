namespace LabelBot.Search.Products;

/// <summary>
/// Salt, hydrate and counter-ion words that follow a drug's base name ("atorvastatin calcium trihydrate",
/// "naloxone hydrochloride"). People name drugs without them, so the resolver strips them to get the base name.
/// </summary>
internal static class SaltForms
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "hydrochloride", "hcl", "dihydrochloride", "hydrobromide", "hbr", "sodium", "potassium", "calcium", "magnesium",
        "citrate", "trihydrate", "dihydrate", "monohydrate", "hemihydrate", "sesquihydrate", "hydrate", "anhydrous",
        "mesylate", "besylate", "maleate", "fumarate", "succinate", "tartrate", "bitartrate", "sulfate", "bisulfate",
        "phosphate", "diphosphate", "acetate", "diacetate", "propionate", "dipropionate", "valerate", "bromide", "chloride",
        "iodide", "nitrate", "lactate", "gluconate", "carbonate", "bicarbonate", "oxide", "hydroxide", "stearate",
        "palmitate", "pamoate", "decanoate", "enanthate", "cypionate", "tosylate", "napsylate", "hyclate", "xinafoate",
        "furoate", "benzoate", "salicylate", "disodium", "dipotassium", "tromethamine", "meglumine", "usp", "extended",
        "release", "er", "xr", "sr", "dr", "cr",
    };

    public static bool IsSaltWord(string token) => Words.Contains(token);

    /// <summary>The tokens without salt words; the original tokens when nothing else would be left ("magnesium hydroxide").</summary>
    public static IReadOnlyList<string> StripSalts(IReadOnlyList<string> tokens)
    {
        var stripped = tokens.Where(t => !Words.Contains(t)).ToList();
        return stripped.Count > 0 ? stripped : tokens;
    }
}
