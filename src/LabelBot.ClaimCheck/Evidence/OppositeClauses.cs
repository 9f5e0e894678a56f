namespace LabelBot.ClaimCheck.Evidence;

/// <summary>
/// Finds label clauses that say the opposite of a claim clause: the closest-matching clause (by shared words, then by
/// rare shared words) negates what the claim asserts, or asserts what it negates.
/// </summary>
internal static class OppositeClauses
{
    /// <summary>
    /// The unit whose best-matching clause says the opposite of a claim clause (one negates, the other does not), when
    /// that clause is the closest match anywhere in <paramref name="units"/>; null when the closest match agrees.
    /// </summary>
    public static EvidenceUnit? Find(ClaimFeatures claim, IReadOnlyList<EvidenceUnit> units, double minimumOverlap, IReadOnlyDictionary<string, double> rarity)
    {
        foreach (var clause in claim.Clauses.Where(c => Overlap.Weight(c.Stems) >= 1))
        {
            EvidenceUnit? bestUnit = null;
            Clause? bestClause = null;
            (double Overlap, double Rare) best = (0, 0);
            foreach (var unit in units)
            {
                foreach (var labelClause in unit.Clauses)
                {
                    var score = (labelClause.Covers(clause.Stems), RareOverlap(clause.Stems, labelClause.Stems, rarity));
                    var agrees = labelClause.IsNegated == clause.IsNegated;
                    // The clause sharing the most (and the rarest) words decides; on a full tie agreement wins, since one
                    // agreeing sentence is enough to not call a contradiction.
                    if (score.CompareTo(best) > 0 || (score == best && agrees && bestClause is not null && bestClause.IsNegated != clause.IsNegated))
                    {
                        best = score;
                        bestClause = labelClause;
                        bestUnit = unit;
                    }
                }
            }
            if (bestClause is not null && best.Overlap >= minimumOverlap && bestClause.IsNegated != clause.IsNegated)
            {
                return bestUnit;
            }
        }
        return null;
    }

    /// <summary>Overlap where each word counts by how rare it is among the retrieved sentences ("abrupt" over "risk").</summary>
    private static double RareOverlap(IReadOnlyDictionary<string, double> claim, IReadOnlyDictionary<string, double> evidence, IReadOnlyDictionary<string, double> rarity)
    {
        double total = 0, found = 0;
        foreach (var (stem, weight) in claim)
        {
            var w = weight * rarity.GetValueOrDefault(stem, 1);
            total += w;
            if (evidence.ContainsKey(stem))
            {
                found += w;
            }
        }
        return total <= 0 ? 0 : found / total;
    }

    /// <summary>Inverse document frequency of stems over the single sentences and rows of the evidence.</summary>
    public static Dictionary<string, double> Rarity(IReadOnlyList<EvidenceUnit> units)
    {
        var singles = units.Where(u => u.Shape is UnitShape.Sentence or UnitShape.TableRow).ToList();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stem in singles.SelectMany(u => u.Stems))
        {
            frequency[stem] = frequency.GetValueOrDefault(stem) + 1;
        }
        return frequency.ToDictionary(f => f.Key, f => 1 + Math.Log((singles.Count + 1.0) / (f.Value + 1.0)), StringComparer.Ordinal);
    }
}
