using LabelBot.Core.Text;

namespace LabelBot.Core.Tests.Text;

public sealed class QuantitiesTests
{
    [Theory]
    [InlineData("250 mg", 250, 250, "mg")]
    [InlineData("1 g", 1000, 1000, "mg")]
    [InlineData("500 mcg", 0.5, 0.5, "mg")]
    [InlineData("10 to 80 mg", 10, 80, "mg")]
    [InlineData("500 mg to 750 mg", 500, 750, "mg")]
    [InlineData("2 hours", 120, 120, "minute")]
    [InlineData("every 2 to 3 minutes", 2, 3, "minute")]
    [InlineData("7 to 14 days", 10080, 20160, "minute")]
    [InlineData("1,000 mg", 1000, 1000, "mg")]
    [InlineData("20° to 25°C", 20, 25, "°c")]
    [InlineData("20º to 25ºC", 20, 25, "°c")]
    [InlineData("$15", 15, 15, "$")]
    [InlineData("94% of urologists", 94, 94, "%")]
    [InlineData("8 in 10 patients", 80, 80, "%")]
    [InlineData("twice daily", 2, 2, "per day")]
    [InlineData("once a day", 1, 1, "per day")]
    [InlineData("two tablets", 2, 2, "tablet")]
    [InlineData("one 500 mg tablet", 500, 500, "mg")]
    public void Reads_value_range_and_base_unit(string text, double low, double high, string unit)
    {
        var quantity = Assert.Single(Quantities.Find(text));

        Assert.Equal((decimal)low, quantity.Low);
        Assert.Equal((decimal)high, quantity.High);
        Assert.Equal(unit, quantity.Unit);
    }

    [Theory]
    [InlineData("CYP3A4 and PDE5 inhibitors")]
    [InlineData("one of the most common")]
    [InlineData("AUC0 values")]
    public void Ignores_digits_inside_names_and_spelled_numbers_without_a_unit(string text) =>
        Assert.Empty(Quantities.Find(text));

    [Fact]
    public void Confidence_interval_percentages_are_not_findings()
    {
        var found = Quantities.Find("a 35% reduction in mortality (95% CI: 0.52 to 0.81)");

        Assert.Contains(found, q => q is { Low: 35, Unit: "%" });
        Assert.DoesNotContain(found, q => q is { Low: 95, Unit: "%" });
    }

    [Fact]
    public void Bare_numbers_of_a_list_take_the_unit_written_after_the_last()
    {
        var found = Quantities.Find("increase to 6.25, 12.5, and then 25 mg twice daily");

        Assert.Equal([6.25m, 12.5m, 25m], found.Where(q => q.Unit == "mg").Select(q => q.Low));
    }

    [Fact]
    public void Marks_start_maximum_and_lower_bound_roles()
    {
        var start = Quantities.Find("Start at 6.25 mg twice daily and increase if needed to 12.5 mg and then 25 mg twice daily");
        var maximum = Quantities.Find("the maximum recommended dose is 100 mg; the usual dose is 50 mg");
        var above = Quantities.Find("if an erection lasts more than 4 hours");

        Assert.Equal(QuantityRole.Start, start.Single(q => q.Low == 6.25m).Role);
        Assert.Equal(QuantityRole.None, start.Single(q => q.Low == 12.5m).Role);
        Assert.Equal(QuantityRole.Maximum, maximum.Single(q => q.Low == 100).Role);
        Assert.Equal(QuantityRole.None, maximum.Single(q => q.Low == 50).Role);
        Assert.Equal(QuantityRole.Above, Assert.Single(above).Role);
    }

    [Fact]
    public void A_changed_maximum_dose_has_a_different_value_in_the_same_unit()
    {
        var claimed = Quantities.Find("The maximum dose is 120 mg").Single();
        var label = Quantities.Find("Dose range: 10 to 80 mg once daily");

        Assert.False(Quantities.IsCovered(claimed, label));
        Assert.True(Quantities.HasDifferentValue(claimed, label));
    }

    [Fact]
    public void A_value_at_the_end_of_a_label_range_is_covered()
    {
        var claimed = Quantities.Find("up to 80 mg").Single();

        Assert.True(Quantities.IsCovered(claimed, Quantities.Find("Dose range: 10 to 80 mg once daily")));
    }

    [Fact]
    public void Converted_units_compare_equal()
    {
        var claimed = Quantities.Find("about 1 hour before").Single();

        Assert.True(Quantities.IsCovered(claimed, Quantities.Find("median 60 minutes")));
    }

    [Fact]
    public void A_number_in_another_unit_is_neither_covered_nor_a_conflict()
    {
        var claimed = Quantities.Find("10 mcg/kg").Single();
        var label = Quantities.Find("10 mg every 12 hours");

        Assert.False(Quantities.IsCovered(claimed, label));
        Assert.False(Quantities.HasDifferentValue(claimed, label));
    }

    [Fact]
    public void A_duration_is_not_contradicted_by_a_dosing_interval()
    {
        var duration = Quantities.Find("for 10 days").Single();
        var interval = Quantities.Find("every 8 hours").Single();
        var label = Quantities.Find("10 mg every 12 hours");

        Assert.False(Quantities.HasDifferentValue(duration, label));
        Assert.True(Quantities.HasDifferentValue(interval, label));
        Assert.True(Quantities.IsCovered(Quantities.Find("12 hours").Single(), label));
    }

    [Fact]
    public void A_starting_dose_conflicts_with_another_stated_start_even_when_its_value_appears_later()
    {
        var claimed = Quantities.Find("the recommended starting dose is 12.5 mg").Single();
        var label = Quantities.Find("Start at 6.25 mg twice daily and increase if needed to 12.5 mg");

        Assert.True(Quantities.IsCovered(claimed, label));
        Assert.True(Quantities.HasRoleConflict(claimed, label));
        Assert.False(Quantities.HasRoleConflict(claimed, Quantities.Find("The recommended starting dose is 12.5 mg twice daily")));
    }

    [Fact]
    public void More_than_the_labels_maximum_is_detected()
    {
        var claimed = Quantities.Find("can be taken more than once a day").Single(q => q.Unit == "per day");

        Assert.True(Quantities.ExceedsMaximum(claimed, Quantities.Find("The maximum recommended dosing frequency is once per day.")));
        Assert.False(Quantities.ExceedsMaximum(claimed, Quantities.Find("The maximum recommended dosing frequency is twice per day.")));
    }
}
