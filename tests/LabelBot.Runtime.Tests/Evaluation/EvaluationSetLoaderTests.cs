using LabelBot.Runtime.Evaluation;
using LabelBot.Testing;

namespace LabelBot.Runtime.Tests.Evaluation;

public sealed class EvaluationSetLoaderTests : IDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("evalset");

    [Fact]
    public void Reads_items_with_conversation_and_audience()
    {
        var path = Write(
            """{"id": "a", "question": "what about side effects?", "conversation": ["What is Viagra used for?"], "audience": "professional", "expect": {"kind": "answer", "setIds": ["s"], "sectionCodes": ["34084-4"], "mustQuote": ["headache"]}}""",
            "",
            """{"question": "hello", "expect": {"kind": "out_of_scope"}}""");

        var items = EvaluationSet.Load(path);

        Assert.Equal(2, items.Count);
        Assert.Equal(["What is Viagra used for?"], items[0].Conversation!);
        Assert.Equal("professional", items[0].Audience);
        Assert.Equal(["headache"], items[0].Expect.MustQuote!);
        Assert.Equal("line-3", items[1].Id);
    }

    [Theory]
    [InlineData("""{"id": "x", "question": "q", "expect": {"kind": "answr"}}""", "answr")]
    [InlineData("""{"id": "x", "question": "q", "expect": {"kind": "Answer"}}""", "Answer")]
    [InlineData("""{"id": "x", "question": "", "expect": {"kind": "answer"}}""", "needs id, question")]
    [InlineData("""{"id": "x", "question": "q"}""", "needs id, question")]
    [InlineData("""{"id": "x", "question": "q", "audience": "doctors", "expect": {"kind": "answer"}}""", "audience")]
    [InlineData("""{"id": "x", "question": "q", "expect": {"kind": "answer"}""", "not a valid evaluation item")]
    public void Rejects_a_bad_line_naming_file_and_line(string line, string reason)
    {
        var path = Write("""{"id": "ok", "question": "fine", "expect": {"kind": "answer"}}""", line);

        var error = Assert.Throws<InvalidDataException>(() => EvaluationSet.Load(path));

        Assert.Contains($"{path}:2", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_duplicate_id()
    {
        var path = Write(
            """{"id": "same", "question": "one", "expect": {"kind": "answer"}}""",
            """{"id": "same", "question": "two", "expect": {"kind": "answer"}}""");

        var error = Assert.Throws<InvalidDataException>(() => EvaluationSet.Load(path));

        Assert.Contains("used twice", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }
}
