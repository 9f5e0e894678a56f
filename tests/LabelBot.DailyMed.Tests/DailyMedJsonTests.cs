using System.Text.Json;
using LabelBot.DailyMed.Client;

namespace LabelBot.DailyMed.Tests;

public sealed class DailyMedJsonTests
{
    [Fact]
    public void Search_page_reads_numbers_written_as_strings_and_dailymed_dates()
    {
        using var json = JsonDocument.Parse("""
            {"metadata":{"total_elements":"3","total_pages":"2","current_page":"1","next_page":"2"},
             "data":[{"spl_version":"4","published_date":"Oct 31, 2025","title":"ALLERGY RELIEF","setid":"5015a380-a229-4eff-8e31-528065c6ed64"},
                     {"spl_version":2,"published_date":"","title":"X","setid":""}]}
            """);

        var page = DailyMedJson.ReadSearchPage(json.RootElement, 1);

        var label = Assert.Single(page.Labels);
        Assert.Equal(4, label.Version);
        Assert.Equal(new DateOnly(2025, 10, 31), label.PublishedDate);
        Assert.Equal(2, page.TotalPages);
        Assert.Equal(3, page.TotalElements);
    }

    [Fact]
    public void History_accepts_a_bare_array_or_a_history_object()
    {
        using var bare = JsonDocument.Parse("""{"data":[{"spl_version":3,"published_date":"Jan 05, 2024"},{"spl_version":2,"published_date":"Mar 1, 2023"}]}""");
        using var wrapped = JsonDocument.Parse("""{"metadata":{"total_pages":1},"data":{"spl":{"setid":"x"},"history":[{"spl_version":"7","published_date":"2024-02-03"}]}}""");

        var (bareEntries, _) = DailyMedJson.ReadHistory(bare.RootElement, 1);
        var (wrappedEntries, _) = DailyMedJson.ReadHistory(wrapped.RootElement, 1);

        Assert.Equal([3, 2], bareEntries.Select(e => e.Version));
        Assert.Equal(new DateOnly(2023, 3, 1), bareEntries[1].PublishedDate);
        Assert.Equal(new SplHistoryEntry(7, new DateOnly(2024, 2, 3)), Assert.Single(wrappedEntries));
    }

    [Fact]
    public void A_response_without_data_is_a_format_error()
    {
        using var json = JsonDocument.Parse("""{"error":"bad request"}""");

        Assert.Throws<FormatException>(() => DailyMedJson.ReadSearchPage(json.RootElement, 1));
        Assert.Throws<FormatException>(() => DailyMedJson.ReadHistory(json.RootElement, 1));
    }
}
