using System.Text;

namespace LabelBot.Labels.Tests;

/// <summary>Hostile and broken inputs are rejected with a one-line reason that names the file.</summary>
public sealed class SplParserRejectionTests
{
    private const string MinimalHeader =
        """<document xmlns="urn:hl7-org:v3"><setId root="11111111-2222-3333-4444-555555555555"/><versionNumber value="3"/><effectiveTime value="20240102"/>""";

    private const string OneSection =
        """<component><structuredBody><component><section><code code="34067-9"/><title>INDICATIONS</title><text><paragraph>Used for tests.</paragraph></text></section></component></structuredBody></component>""";

    [Fact]
    public void ExternalEntityDeclarationIsRejected()
    {
        const string xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <document xmlns="urn:hl7-org:v3"><setId root="x"/><title>&xxe;</title></document>
            """;

        var reason = Reject(xxe, "xxe.xml");

        Assert.Contains("DTD", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BillionLaughsIsRejected()
    {
        var entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            var previous = string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10));
            entities.Append($"<!ENTITY lol{i} \"{previous}\">");
        }
        var bomb = $"<?xml version=\"1.0\"?><!DOCTYPE document [{entities}]><document xmlns=\"urn:hl7-org:v3\"><title>&lol9;</title></document>";

        Assert.Contains("DTD", Reject(bomb, "lol.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedXmlIsRejected() =>
        Assert.StartsWith("malformed XML:", Reject(MinimalHeader + "<component><structuredBody>", "broken.xml"), StringComparison.Ordinal);

    [SplFact]
    public void TruncatedRealLabelIsRejected()
    {
        var bytes = File.ReadAllBytes(TestData.SplFile("ciprofloxacin-hydrochloride-cc768d3e.xml"));
        var half = bytes.AsSpan(0, bytes.Length / 2).ToArray();

        var ex = Assert.Throws<LabelParseException>(() => SplParser.Parse(new MemoryStream(half), "cipro-truncated.xml"));

        Assert.StartsWith("malformed XML:", ex.Reason, StringComparison.Ordinal);
        AssertOneLineNaming(ex, "cipro-truncated.xml");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\t  ")]
    public void EmptyFileIsRejected(string content) => Assert.Equal("empty file", Reject(content, "empty.xml"));

    [Theory]
    [InlineData("<html><body><p>not a label</p></body></html>")]
    [InlineData("<document><setId root=\"x\"/></document>")]
    [InlineData("<document xmlns=\"urn:hl7-org:v2\"/>")]
    public void NonSplXmlIsRejected(string xml) =>
        Assert.StartsWith("not an SPL document", Reject(xml, "other.xml"), StringComparison.Ordinal);

    [Fact]
    public void LabelWithoutSectionsIsRejected()
    {
        var noBody = MinimalHeader + "</document>";
        var onlyProductData = MinimalHeader +
            """<component><structuredBody><component><section><code code="48780-1"/><subject><manufacturedProduct><manufacturedProduct><name>X</name></manufacturedProduct></manufacturedProduct></subject></section></component></structuredBody></component></document>""";
        var emptySection = MinimalHeader +
            """<component><structuredBody><component><section><code code="34067-9"/><title>INDICATIONS</title><text> </text></section></component></structuredBody></component></document>""";

        Assert.Equal("no sections with text", Reject(noBody, "nobody.xml"));
        Assert.Equal("no sections with text", Reject(onlyProductData, "productonly.xml"));
        Assert.Equal("no sections with text", Reject(emptySection, "emptysection.xml"));
    }

    [Fact]
    public void MissingSetIdIsRejected() =>
        Assert.Equal("missing setId",
            Reject("""<document xmlns="urn:hl7-org:v3"><versionNumber value="1"/><effectiveTime value="20240102"/>""" + OneSection + "</document>", "nosetid.xml"));

    [Fact]
    public void MissingVersionOrDateIsRejected()
    {
        Assert.Equal("missing or invalid versionNumber",
            Reject("""<document xmlns="urn:hl7-org:v3"><setId root="a"/><effectiveTime value="20240102"/>""" + OneSection + "</document>", "nover.xml"));
        Assert.Equal("missing or invalid effectiveTime",
            Reject("""<document xmlns="urn:hl7-org:v3"><setId root="a"/><versionNumber value="1"/><effectiveTime value="2024"/>""" + OneSection + "</document>", "nodate.xml"));
    }

    [Fact]
    public void MinimalValidLabelParses()
    {
        var label = SplParser.Parse(Stream(MinimalHeader + OneSection + "</document>"), "minimal.xml");

        Assert.Equal("11111111-2222-3333-4444-555555555555", label.SetId);
        Assert.Equal(3, label.Version);
        Assert.Equal(new DateOnly(2024, 1, 2), label.EffectiveDate);
        Assert.Equal("Used for tests.", Assert.Single(Assert.Single(label.Sections).Blocks).Text);
    }

    [SplFact]
    public void DocumentOverTheSizeLimitIsRejected()
    {
        using var file = File.OpenRead(TestData.SplFile("ciprofloxacin-hydrochloride-cc768d3e.xml"));

        var ex = Assert.Throws<LabelParseException>(() => SplParser.Parse(file, "big.xml", maxCharacters: 10_000));

        Assert.Equal("document exceeds the size limit", ex.Reason);
    }

    [Fact]
    public void MissingFileIsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"labelbot-missing-{Guid.NewGuid():N}.xml");

        var ex = Assert.Throws<LabelParseException>(() => SplParser.ParseFile(path));

        Assert.StartsWith("cannot read file:", ex.Reason, StringComparison.Ordinal);
        AssertOneLineNaming(ex, path);
    }

    private static string Reject(string xml, string name)
    {
        var ex = Assert.Throws<LabelParseException>(() => SplParser.Parse(Stream(xml), name));
        AssertOneLineNaming(ex, name);
        return ex.Reason;
    }

    private static void AssertOneLineNaming(LabelParseException ex, string name)
    {
        Assert.Equal(name, ex.SourceName);
        Assert.StartsWith(name + ": ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Reason);
        Assert.DoesNotContain('\r', ex.Reason);
        Assert.NotEmpty(ex.Reason);
    }

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));
}
