using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabelBot.Core.Labels;
using LabelBot.Labels.Ingestion;
using LabelBot.Labels.OpenFda;
using LabelBot.Labels.Tests.TestDoubles;

namespace LabelBot.Labels.Tests;

/// <summary>openFDA label JSON on the real shared records (../shared/labels/openfda): mapping, streaming, partial records, errors.</summary>
public sealed class OpenFdaParserTests : IDisposable
{
    private const string Baclofen = "baclofen-00c6c924.json";

    /// <summary>Record fields that are identity or metadata, not label sections.</summary>
    private static readonly HashSet<string> NotSections = new(StringComparer.Ordinal)
    {
        "set_id", "id", "version", "effective_time", "openfda", "@epoch", "spl_product_data_elements",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("labelbot-openfda-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> SharedFiles()
    {
        var data = new TheoryData<string>();
        if (OpenFdaFolder is { } folder)
        {
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }
        return data;
    }

    private static string? OpenFdaFolder => LabelBot.Testing.TestLocations.FindOpenFdaFolder();

    private static string Shared(string name) =>
        Path.Combine(OpenFdaFolder ?? throw new InvalidOperationException("shared/labels/openfda not found beside the SPL corpus"), name);

    [Theory]
    [MemberData(nameof(SharedFiles))]
    public void EverySectionFieldOfTheSharedRecordsBecomesItsLoincSection(string file)
    {
        var record = JsonNode.Parse(File.ReadAllText(Shared(file)))!["results"]![0]!.AsObject();
        using var stream = File.OpenRead(Shared(file));
        var label = Assert.Single(OpenFdaParser.ParseAll(stream, file));

        var map = OpenFdaSectionMap.Fields.ToDictionary(f => f.Name);
        foreach (var (name, value) in record)
        {
            if (NotSections.Contains(name) || name.EndsWith("_table", StringComparison.Ordinal))
            {
                continue;
            }
            Assert.True(map.TryGetValue(name, out var field), $"{file}: field {name} has no row in openfda-sections.tsv");
            var section = Assert.Single(label.Sections, s => s.Code == field!.SectionCode && s.Title.Length > 0);
            var first = section.Blocks[0].Text;
            Assert.NotEmpty(first);
            // The heading that repeats the title is cut ("INDICATIONS AND USAGE Baclofen …", "1 INDICATIONS …", "Uses …").
            if (name == "indications_and_usage")
            {
                Assert.DoesNotMatch(@"^(\d+ )?(INDICATIONS|Uses?\b)", first);
            }
            // What is kept is verbatim label text.
            Assert.Contains(first, TextOf(value!), StringComparison.Ordinal);
        }
        Assert.Equal(LabelSource.OpenFda, label.Source);
        Assert.Equal(record["set_id"]!.GetValue<string>(), label.SetId);
        Assert.Equal(record["id"]!.GetValue<string>(), label.DocumentId);
        var full = LabelText.FullText(label);
        Assert.All(PassageChunker.Chunk(label), p => Assert.Contains(p.Text, full, StringComparison.Ordinal));
    }

    [Fact]
    public void BaclofenIsAPartialNonPlrRecordWithoutVersionOrDate()
    {
        using var stream = File.OpenRead(Shared(Baclofen));
        var label = Assert.Single(OpenFdaParser.ParseAll(stream, Baclofen));

        Assert.Equal("00c6c924-ddfd-4a75-afd7-f6561ff9abbc", label.SetId);
        Assert.Equal("48e6b461-efdb-a69a-e063-6294a90aa1f9", label.DocumentId);
        Assert.False(label.VersionStated);
        Assert.Equal(LabelVersions.DateNotStated, label.EffectiveDate);
        Assert.Equal(LabelFormat.NonPlr, label.Format);
        Assert.Equal("BACLOFEN", label.DisplayName);
        Assert.Equal("REMEDYREPACK INC.", label.Labeler);
        Assert.Equal(["Precautions", "Description", "How Supplied"], label.MissingSections);
        Assert.Equal(7, label.Sections.Count);
        var indications = label.Sections.Single(s => s.Code == SectionCodes.IndicationsAndUsage);
        Assert.Equal("Indications and Usage", indications.Title);
        Assert.StartsWith("Baclofen tablets, USP are useful for the alleviation", indications.Blocks[0].Text, StringComparison.Ordinal);
        // Text is kept exactly as the source had it, typos included.
        Assert.Contains("gradua ly", LabelText.FullText(label), StringComparison.Ordinal);
    }

    [Fact]
    public void CompleteRecordsKeepVersionDateNumberingAndDrugFactsTitles()
    {
        using var ambienStream = File.OpenRead(Shared("ambien.json"));
        var ambien = Assert.Single(OpenFdaParser.ParseAll(ambienStream, "ambien.json"));
        Assert.Equal(3, ambien.Version);
        Assert.Equal(new DateOnly(2012, 9, 18), ambien.EffectiveDate);
        Assert.Equal(LabelFormat.Plr, ambien.Format);
        Assert.Empty(ambien.MissingSections);
        Assert.Equal("1", ambien.Sections.Single(s => s.Code == SectionCodes.IndicationsAndUsage).Number);
        Assert.Equal("12.1", ambien.Sections.Single(s => s.Code == SectionCodes.MechanismOfAction).Number);
        Assert.StartsWith("Zolpidem, the active moiety", ambien.Sections.Single(s => s.Code == SectionCodes.MechanismOfAction).Blocks[0].Text, StringComparison.Ordinal);
        Assert.Equal("AMBIEN (zolpidem tartrate)", ambien.DisplayName);

        using var aspirinStream = File.OpenRead(Shared("aspirin.json"));
        var aspirin = Assert.Single(OpenFdaParser.ParseAll(aspirinStream, "aspirin.json"));
        Assert.Equal(LabelFormat.Otc, aspirin.Format);
        Assert.Empty(aspirin.MissingSections);
        Assert.Equal("Uses", aspirin.Sections.Single(s => s.Code == SectionCodes.IndicationsAndUsage).Title);
        Assert.Equal("Pain reliever", aspirin.Sections.Single(s => s.Code == SectionCodes.OtcPurpose).Blocks[0].Text);
        // "Do not use if …" keeps its heading: it is part of the sentence.
        Assert.StartsWith("Do not use", aspirin.Sections.Single(s => s.Code == SectionCodes.OtcDoNotUse).Blocks[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ASingleRecordFileAndABareArrayAreReadLikeAnApiResponse()
    {
        var record = RecordJson(Baclofen);
        var single = Parse(Encoding.UTF8.GetBytes(record.ToJsonString()));
        var array = Parse(Encoding.UTF8.GetBytes(new JsonArray(record.DeepClone(), record.DeepClone()).ToJsonString()));

        Assert.Equal("00c6c924-ddfd-4a75-afd7-f6561ff9abbc", Assert.Single(single).Label!.SetId);
        Assert.Equal(2, array.Count(r => r.Label is not null));
    }

    [Fact]
    public void APartitionIsStreamedRecordByRecordNeverReadAheadOfTheRecordInHand()
    {
        const int Records = 400;
        var bytes = Partition(Records);
        var largest = SharedRecords().Max(r => Encoding.UTF8.GetByteCount(r.ToJsonString())) + 200;
        using var guarded = new GuardedStream(bytes);
        var seen = 0;
        // Before record n is handed out, at most records 1..n plus one read buffer's worth may have been read.
        const int ReadAhead = 512 * 1024;
        guarded.Limit = largest + ReadAhead;
        foreach (var result in OpenFdaParser.Read(guarded, "partition.json"))
        {
            Assert.NotNull(result.Label);
            seen++;
            guarded.Limit = (long)(seen + 1) * largest + ReadAhead;
        }
        Assert.Equal(Records, seen);
        Assert.True(bytes.Length > 10 * (largest + ReadAhead), "the partition is much larger than the first record's allowance");
    }

    [Fact]
    public void SkippedRecordsOfAResumedStreamAreNotReturnedAndTheRestKeepTheirPositions()
    {
        // A non-object entry among the skipped ones still counts as a position, as it did when the checkpoint was written.
        var bytes = Encoding.UTF8.GetBytes("[7," + Encoding.UTF8.GetString(Partition(6)).Split("\"results\":[", 2)[1][..^1]);
        using var stream = new MemoryStream(bytes);

        var results = OpenFdaParser.Read(stream, "partition.json", skipRecords: 4).ToList();

        Assert.Equal([5, 6, 7], results.Select(r => r.Index));
        Assert.Equal([4, 5, 6], results.Select(r => new Guid(r.Label!.SetId).ToByteArray()[0]).Select(b => (int)b));
    }

    [Fact]
    public async Task ABulkPartitionZipIsIngestedRecordByRecord()
    {
        const int Records = 60;
        var zip = Path.Combine(_folder, "drug-label-0001-of-0001.json.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            var entry = archive.CreateEntry("drug-label-0001-of-0001.json");
            await using var stream = entry.Open();
            await stream.WriteAsync(Partition(Records));
        }
        var store = new InMemoryLabelStoreTestDouble();
        var progress = new List<IngestProgress>();

        var report = await new LabelIngestor(store, new HashingEmbedderTestDouble()).IngestAsync([_folder], new SynchronousProgress(progress.Add));

        Assert.Equal(Records, report.Added);
        Assert.Equal(0, report.Rejected);
        Assert.Contains(progress, p => p.CurrentFile.EndsWith($"(record {Records})", StringComparison.Ordinal));
        var labels = await store.ListLabelsAsync();
        Assert.Equal(Records, labels.Select(l => l.SetId).Distinct().Count());
    }

    [Fact]
    public async Task BadRecordsAreNamedByIndexAndTheRestOfTheFileIsIngested()
    {
        var good = RecordJson("ambien.json");
        var noSetId = RecordJson(Baclofen);
        noSetId.Remove("set_id");
        noSetId.Remove("openfda"); // its spl_set_id would stand in
        var badVersion = RecordJson("aspirin.json");
        badVersion["version"] = "two";
        var badSection = RecordJson("sudafed.json");
        badSection["warnings"] = 42;
        var results = new JsonArray(noSetId, JsonValue.Create(7), badVersion, badSection, good);
        var file = Path.Combine(_folder, "mixed.json");
        await File.WriteAllTextAsync(file, new JsonObject { ["meta"] = new JsonObject(), ["results"] = results }.ToJsonString());

        var report = await new LabelIngestor(new InMemoryLabelStoreTestDouble(), new HashingEmbedderTestDouble()).IngestAsync([file]);

        Assert.Equal(1, report.Added);
        var reasons = report.Files.Where(f => f.Status == Core.Retrieval.IngestStatus.Rejected).Select(f => f.Reason!).ToList();
        Assert.Equal(
            ["record 1: missing set_id", "record 2 is not a JSON object", "record 3: invalid version \"two\"", "record 4: field warnings is not an array of strings"],
            reasons);
        Assert.All(report.Files, f => Assert.Equal(file, f.Path));
    }

    [Fact]
    public async Task BrokenJsonSyntaxKeepsTheRecordsBeforeItAndNamesTheRecord()
    {
        var first = RecordJson("ambien.json").ToJsonString();
        var second = RecordJson("vyvanse.json").ToJsonString();
        var file = Path.Combine(_folder, "truncated.json");
        await File.WriteAllTextAsync(file, "{\"meta\":{},\"results\":[" + first + "," + second[..(second.Length / 2)]);

        var report = await new LabelIngestor(new InMemoryLabelStoreTestDouble(), new HashingEmbedderTestDouble()).IngestAsync([file]);

        Assert.Equal(1, report.Added);
        var rejected = Assert.Single(report.Files, f => f.Status == Core.Retrieval.IngestStatus.Rejected);
        Assert.StartsWith("malformed JSON in record 2", rejected.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', rejected.Reason!);
    }

    [Fact]
    public async Task FolderIngestPicksUpJsonBesideXml()
    {
        File.Copy(Shared(Baclofen), Path.Combine(_folder, Baclofen));
        File.Copy(TestData.SplFile("naloxone-hcl-ebf0f833.xml"), Path.Combine(_folder, "kloxxado.xml"));
        var store = new InMemoryLabelStoreTestDouble();

        var report = await new LabelIngestor(store, new HashingEmbedderTestDouble()).IngestAsync([_folder]);

        Assert.Equal(2, report.Added);
        Assert.Contains(await store.ListLabelsAsync(), l => l.SetId == "00c6c924-ddfd-4a75-afd7-f6561ff9abbc");
    }

    private static List<OpenFdaParseResult> Parse(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return OpenFdaParser.Read(stream, "test.json").ToList();
    }

    private static string TextOf(JsonNode value) =>
        LabelText.NormalizeWhitespace(string.Join(" ", value is JsonArray array ? array.Select(v => v!.GetValue<string>()) : [value.GetValue<string>()]));

    private static JsonObject RecordJson(string file) => (JsonObject)JsonNode.Parse(File.ReadAllText(Shared(file)))!["results"]![0]!.DeepClone();

    private static List<JsonObject> SharedRecords() =>
        Directory.GetFiles(Shared(string.Empty), "*.json").Order(StringComparer.Ordinal).Select(f => RecordJson(Path.GetFileName(f))).ToList();

    /// <summary>A bulk-partition-shaped JSON: the shared records over and over, each copy with its own set id.</summary>
    private static byte[] Partition(int records)
    {
        var shared = SharedRecords();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("meta");
            writer.WriteStartObject();
            writer.WriteString("disclaimer", "synthetic partition built from the shared records");
            writer.WriteEndObject();
            writer.WritePropertyName("results");
            writer.WriteStartArray();
            for (var i = 0; i < records; i++)
            {
                var record = (JsonObject)shared[i % shared.Count].DeepClone();
                record["set_id"] = new Guid(i + 1, 0, 0, new byte[8]).ToString();
                record.WriteTo(writer);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>A stream that fails the test when read past <see cref="Limit"/>: proof that the reader does not buffer the file.</summary>
    private sealed class GuardedStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long Limit { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            if (Position > Limit)
            {
                throw new InvalidOperationException($"read to byte {Position}, past the allowance of {Limit}");
            }
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            var read = base.Read(buffer);
            if (Position > Limit)
            {
                throw new InvalidOperationException($"read to byte {Position}, past the allowance of {Limit}");
            }
            return read;
        }
    }

    private sealed class SynchronousProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
