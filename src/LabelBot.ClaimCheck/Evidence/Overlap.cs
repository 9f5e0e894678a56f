namespace LabelBot.ClaimCheck.Evidence;

/// <summary>How much of a claim's meaning a piece of label text shares, by weighted content stems.</summary>
internal static class Overlap
{
    /// <summary>Share (0..1) of the claim's stem weight found in <paramref name="evidence"/>; 0 for an empty claim.</summary>
    public static double Of(IReadOnlyDictionary<string, double> claim, IReadOnlySet<string> evidence)
    {
        double total = 0, found = 0;
        foreach (var (stem, weight) in claim)
        {
            total += weight;
            if (evidence.Contains(stem))
            {
                found += weight;
            }
        }
        return total <= 0 ? 0 : found / total;
    }

    public static double Of(IReadOnlyDictionary<string, double> claim, IReadOnlyDictionary<string, double> evidence)
    {
        double total = 0, found = 0;
        foreach (var (stem, weight) in claim)
        {
            total += weight;
            if (evidence.ContainsKey(stem))
            {
                found += weight;
            }
        }
        return total <= 0 ? 0 : found / total;
    }

    /// <summary>
    /// Like <see cref="Of(IReadOnlyDictionary{string, double}, IReadOnlySet{string})"/>, with context words (a bullet's
    /// lead-in) that count when the evidence has them and are not required when it does not.
    /// </summary>
    public static double Of(IReadOnlyDictionary<string, double> claim, IReadOnlyDictionary<string, double> context, IReadOnlySet<string> evidence)
    {
        double total = 0, found = 0;
        foreach (var (stem, weight) in claim)
        {
            total += weight;
            if (evidence.Contains(stem))
            {
                found += weight;
            }
        }
        foreach (var (stem, weight) in context)
        {
            if (!claim.ContainsKey(stem) && evidence.Contains(stem))
            {
                total += weight;
                found += weight;
            }
        }
        return total <= 0 ? 0 : found / total;
    }

    /// <summary>
    /// How spread out the claim's words are in the evidence: the shortest stretch of <paramref name="sequence"/> holding
    /// the matched stems (all of them, or all but one when four or more match), per stem held. Near 1 when the words
    /// sit together; large when a long sentence merely happens to contain them ("hypertension … LIPITOR is indicated"
    /// is not "indicated for hypertension").
    /// </summary>
    public static double Dispersion(IReadOnlyDictionary<string, double> claim, IReadOnlyList<string> sequence)
    {
        var matched = sequence.Where(claim.ContainsKey).Distinct(StringComparer.Ordinal).Count();
        if (matched <= 1)
        {
            return 1;
        }
        var needed = matched >= 4 ? matched - 1 : matched;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var held = 0;
        var best = int.MaxValue;
        var left = 0;
        for (var right = 0; right < sequence.Count; right++)
        {
            if (!claim.ContainsKey(sequence[right]))
            {
                continue;
            }
            counts[sequence[right]] = counts.GetValueOrDefault(sequence[right]) + 1;
            if (counts[sequence[right]] == 1)
            {
                held++;
            }
            while (held >= needed)
            {
                best = Math.Min(best, right - left + 1);
                if (claim.ContainsKey(sequence[left]))
                {
                    counts[sequence[left]]--;
                    if (counts[sequence[left]] == 0)
                    {
                        held--;
                    }
                }
                left++;
            }
        }
        return (double)best / needed;
    }

    /// <summary>Total stem weight: how much a claim or clause says.</summary>
    public static double Weight(IReadOnlyDictionary<string, double> stems) => stems.Values.Sum();
}
