namespace LabelBot.Labels.Tests.Fuzzing;

/// <summary>
/// A few hundred seeded mutants of real labels through the parser. Each one either parses to a sane label or is
/// rejected with a <see cref="LabelParseException"/> that names the file on one line; nothing else may escape, nothing
/// may hang, and damage that leaves no valid label (DOCTYPE, lost identity, absurd nesting …) must be rejected.
/// </summary>
public sealed class SplParserFuzzTests
{
    public const int MutantCount = 300;

    public static TheoryData<int> MutantIndexes() => new(Enumerable.Range(0, MutantCount));

    [SplTheory]
    [MemberData(nameof(MutantIndexes))]
    public async Task Mutant_parses_to_a_sane_label_or_is_rejected_with_a_reason(int index)
    {
        var mutant = SplMutator.Create(SplMutator.Seed, index);

        var outcome = await HangDetector.RunAsync(() => ParseOutcome.Of(mutant), HangDetector.BoundFor(mutant.Bytes.Length), $"parsing {mutant}");

        Assert.True(outcome.Escaped is null, $"{mutant}: {outcome.Describe()}");
        Assert.True(outcome.Problems.Count == 0, $"{mutant}: {outcome.Describe()}; problems: {string.Join("; ", outcome.Problems)}");
        if (mutant.MustBeRejected)
        {
            Assert.True(outcome.Rejection is not null, $"{mutant}: must be rejected but {outcome.Describe()}");
            if (mutant.ReasonFragment is { } fragment)
            {
                Assert.True(outcome.Rejection.Reason.Contains(fragment, StringComparison.Ordinal),
                    $"{mutant}: reason should mention '{fragment}' but {outcome.Describe()}");
            }
        }
    }

    [SplFact]
    public void Every_mutation_kind_is_exercised_and_the_mutants_are_reproducible()
    {
        var mutants = Enumerable.Range(0, MutantCount).Select(i => SplMutator.Create(SplMutator.Seed, i)).ToList();

        Assert.Equal(Enum.GetValues<MutationKind>().Order(), mutants.Select(m => m.Kind).Distinct().Order());
        var again = SplMutator.Create(SplMutator.Seed, 17);
        Assert.Equal(mutants[17].Bytes, again.Bytes);
        Assert.Contains(mutants, m => m.Kind == MutationKind.DeepSections && m.MustBeRejected);
        Assert.Contains(mutants, m => m.Bytes.Length >= SplMutator.HugeBytes);
    }
}
