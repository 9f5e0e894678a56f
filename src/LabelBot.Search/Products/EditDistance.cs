namespace LabelBot.Search.Products;

/// <summary>Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap neighbours).</summary>
internal static class EditDistance
{
    /// <summary>The distance, or <paramref name="max"/> + 1 as soon as it is known to exceed <paramref name="max"/>.</summary>
    public static int Compute(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > max)
            {
                return max + 1;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return Math.Min(previous[b.Length], max + 1);
    }

    /// <summary>
    /// How many edits a misspelling of a word this long may have: 1 for 5–7 letters, 2 for 8–10, 3 from 11 on
    /// ("ciproflaxin" is 3 edits from "ciprofloxacin"); shorter words are never fuzzy-matched.
    /// </summary>
    public static int AllowedEdits(int length) => length switch
    {
        < 5 => 0,
        <= 7 => 1,
        <= 10 => 2,
        _ => 3,
    };
}
