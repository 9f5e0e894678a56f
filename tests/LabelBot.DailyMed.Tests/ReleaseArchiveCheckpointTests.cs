using LabelBot.DailyMed.Releases;
using LabelBot.DailyMed.Tests.TestSupport;

namespace LabelBot.DailyMed.Tests;

public sealed class ReleaseArchiveCheckpointTests
{
    [Fact]
    public void Completed_entries_survive_a_reopen()
    {
        using var temp = new TempDirectory();
        var path = temp.File("release.zip.checkpoint");
        var first = ReleaseArchiveCheckpoint.Open(path, "release.zip|100|1");
        first.MarkCompleted("a.zip|00000001|10", ["set-a"]);
        first.MarkCompleted("b.zip|00000002|20", ["set-b", "set-c"]);

        var second = ReleaseArchiveCheckpoint.Open(path, "release.zip|100|1");

        Assert.Equal(2, second.CompletedCount);
        Assert.True(second.TryGetCompleted("b.zip|00000002|20", out var ids));
        Assert.Equal(["set-b", "set-c"], ids);
        Assert.False(second.TryGetCompleted("c.zip|00000003|30", out _));
    }

    [Fact]
    public void A_torn_last_line_is_ignored()
    {
        using var temp = new TempDirectory();
        var path = temp.File("release.zip.checkpoint");
        var checkpoint = ReleaseArchiveCheckpoint.Open(path, "release.zip|100|1");
        checkpoint.MarkCompleted("a.zip|00000001|10", ["set-a"]);
        File.AppendAllText(path, "b.zip|00000002|20\tset-"); // crash in the middle of writing the second line

        var reopened = ReleaseArchiveCheckpoint.Open(path, "release.zip|100|1");

        Assert.Equal(1, reopened.CompletedCount);
        Assert.False(reopened.TryGetCompleted("b.zip|00000002|20", out _));
    }

    [Fact]
    public void A_checkpoint_for_another_archive_starts_fresh()
    {
        using var temp = new TempDirectory();
        var path = temp.File("release.zip.checkpoint");
        ReleaseArchiveCheckpoint.Open(path, "release.zip|100|1").MarkCompleted("a.zip|00000001|10", ["set-a"]);

        var newer = ReleaseArchiveCheckpoint.Open(path, "release.zip|200|2");

        Assert.Equal(0, newer.CompletedCount);
        Assert.Equal(0, ReleaseArchiveCheckpoint.Open(path, "release.zip|200|2").CompletedCount);
    }
}
