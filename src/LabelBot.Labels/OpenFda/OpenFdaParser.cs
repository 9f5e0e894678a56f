using System.Globalization;
using System.Text.Json;
using LabelBot.Core.Labels;
using LabelBot.Labels.Spl;

namespace LabelBot.Labels.OpenFda;

/// <summary>A label read from openFDA JSON, or why record <see cref="Index"/> (1-based) was refused.</summary>
public sealed record OpenFdaParseResult(int Index, LabelDocument? Label, string? Error);

/// <summary>
/// Maps openFDA drug/label records (the JSON of api.fda.gov/drug/label.json and its bulk downloads) to the same
/// <see cref="LabelDocument"/> the SPL parser produces, so chunking, storage and citations need nothing new. A record
/// states no version or date when openFDA gave none (<see cref="LabelVersions.NotStated"/>); a record missing sections
/// its format should have lists them in <see cref="LabelDocument.MissingSections"/>.
/// </summary>
public static class OpenFdaParser
{
    /// <summary>True when the bytes look like JSON (first non-blank byte '{' or '['), so a file is routed here rather than to the SPL parser.</summary>
    public static bool LooksLikeJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> head = stackalloc byte[64];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        foreach (var b in head[..read])
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
            {
                continue;
            }
            return b is (byte)'{' or (byte)'[';
        }
        return false;
    }

    public static bool IsJsonFileName(string name) => name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Streams the labels of a JSON stream one record at a time (see <see cref="OpenFdaRecordReader"/>); the first
    /// <paramref name="skipRecords"/> records are passed over unparsed (resuming from a checkpoint).
    /// </summary>
    public static IEnumerable<OpenFdaParseResult> Read(Stream json, string sourceName, int skipRecords = 0)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentOutOfRangeException.ThrowIfNegative(skipRecords);
        using var reader = new OpenFdaRecordReader(json);
        foreach (var raw in reader.ReadAll(skipRecords))
        {
            if (raw.Json is null)
            {
                yield return new OpenFdaParseResult(raw.Index, null, raw.Error);
                continue;
            }
            OpenFdaParseResult result;
            using (raw.Json)
            {
                try
                {
                    result = new OpenFdaParseResult(raw.Index, ParseRecord(raw.Json.RootElement, sourceName), null);
                }
                catch (LabelParseException ex)
                {
                    result = new OpenFdaParseResult(raw.Index, null, $"record {raw.Index}: {ex.Reason}");
                }
            }
            yield return result;
        }
    }

    /// <summary>Every label of the JSON file at <paramref name="path"/> (see <see cref="ParseAll"/>).</summary>
    public static IReadOnlyList<LabelDocument> ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var json = File.OpenRead(path);
        return ParseAll(json, path);
    }

    /// <summary>Every label of a JSON file; throws <see cref="LabelParseException"/> on the first bad record (for one-label callers such as fetch).</summary>
    public static IReadOnlyList<LabelDocument> ParseAll(Stream json, string sourceName)
    {
        var labels = new List<LabelDocument>();
        foreach (var result in Read(json, sourceName))
        {
            labels.Add(result.Label ?? throw new LabelParseException(sourceName, result.Error ?? "unreadable record"));
        }
        return labels;
    }

    /// <summary>Maps one openFDA record object.</summary>
    public static LabelDocument ParseRecord(JsonElement record, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        if (record.ValueKind != JsonValueKind.Object)
        {
            throw new LabelParseException(sourceName, "not a JSON object");
        }
        var setId = Scalar(record, "set_id", sourceName) ?? FirstString(Openfda(record), "spl_set_id");
        if (string.IsNullOrWhiteSpace(setId))
        {
            throw new LabelParseException(sourceName, "missing set_id");
        }
        var version = LabelVersions.NotStated;
        if (Scalar(record, "version", sourceName) is { } versionText &&
            !int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out version))
        {
            throw new LabelParseException(sourceName, $"invalid version \"{Short(versionText)}\"");
        }
        var date = LabelVersions.DateNotStated;
        if (Scalar(record, "effective_time", sourceName) is { } dateText &&
            (dateText.Length < 8 || !DateOnly.TryParseExact(dateText[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)))
        {
            throw new LabelParseException(sourceName, $"invalid effective_time \"{Short(dateText)}\"");
        }

        var present = OpenFdaSectionMap.Fields.Where(f => HasText(record, f.Name, sourceName)).ToList();
        var format = DetectFormat(record, present);
        var sections = new List<LabelSection>();
        foreach (var field in present)
        {
            var blocks = new List<SectionBlock>();
            var number = string.Empty;
            foreach (var text in Texts(record, field.Name, sourceName))
            {
                var body = text;
                if (blocks.Count == 0)
                {
                    (number, body) = OpenFdaSectionMap.StripHeading(field, text);
                }
                blocks.Add(new SectionBlock(BlockKind.Paragraph, body));
            }
            var title = format == LabelFormat.Otc && SectionTitles.ForCode(field.SectionCode, format, null) is { Length: > 0 } drugFacts
                ? drugFacts
                : field.Title;
            sections.Add(new LabelSection(field.SectionCode, number, title, blocks, []));
        }
        if (sections.Count == 0)
        {
            throw new LabelParseException(sourceName, "no sections with text");
        }

        var openfda = Openfda(record);
        var brand = FirstString(openfda, "brand_name");
        var generic = FirstString(openfda, "generic_name");
        var name = brand ?? generic ?? setId;
        var ingredients = Strings(openfda, "substance_name");
        var product = new LabelProduct(
            name,
            generic,
            FirstString(openfda, "dosage_form"),
            Strings(openfda, "route"),
            ingredients.Count > 0 ? ingredients : generic is null ? [] : [generic]);
        var missing = OpenFdaSectionMap.Fields
            .Where(f => f.ExpectedIn.Contains(format) && !present.Contains(f))
            .Select(f => format == LabelFormat.Otc && SectionTitles.ForCode(f.SectionCode, format, null) is { Length: > 0 } t ? t : f.Title)
            .ToList();

        return new LabelDocument(
            setId.Trim(),
            Scalar(record, "id", sourceName)?.Trim() ?? string.Empty,
            version,
            date,
            generic is null || string.Equals(brand, generic, StringComparison.OrdinalIgnoreCase) ? name : $"{name} ({generic})",
            format == LabelFormat.Otc ? SectionCodes.OtcDocument : IsPrescription(openfda) ? SectionCodes.PrescriptionDocument : string.Empty,
            format,
            FirstString(openfda, "manufacturer_name"),
            [product],
            sections)
        {
            Source = LabelSource.OpenFda,
            MissingSections = missing,
        };
    }

    /// <summary>
    /// Drug Facts fields mark OTC; Warnings and Precautions, Dosage Forms and Strengths or Recent Major Changes mark
    /// the PLR format (as for SPL); other prescription labels are the older format.
    /// </summary>
    private static LabelFormat DetectFormat(JsonElement record, List<OpenFdaField> present)
    {
        var names = present.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Contains("purpose") || names.Contains("active_ingredient"))
        {
            return LabelFormat.Otc;
        }
        if (names.Contains("warnings_and_cautions") || names.Contains("dosage_forms_and_strengths") || names.Contains("recent_major_changes"))
        {
            return LabelFormat.Plr;
        }
        var openfda = Openfda(record);
        return IsPrescription(openfda) || names.Contains("indications_and_usage") ? LabelFormat.NonPlr : LabelFormat.Other;
    }

    private static bool IsPrescription(JsonElement? openfda) =>
        Strings(openfda, "product_type").Any(t => t.Contains("PRESCRIPTION", StringComparison.OrdinalIgnoreCase));

    private static JsonElement? Openfda(JsonElement record) =>
        record.TryGetProperty("openfda", out var o) && o.ValueKind == JsonValueKind.Object ? o : null;

    private static string? FirstString(JsonElement? obj, string name) => Strings(obj, name).FirstOrDefault(s => s.Length > 0);

    private static List<string> Strings(JsonElement? obj, string name)
    {
        if (obj is not { } o || !o.TryGetProperty(name, out var value))
        {
            return [];
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!.Trim()],
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!.Trim()).ToList(),
            _ => [],
        };
    }

    /// <summary>A top-level string field (openFDA also sends some as one-element arrays); null when absent or empty.</summary>
    private static string? Scalar(JsonElement record, string name, string sourceName)
    {
        if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Array when value.GetArrayLength() == 1 && value[0].ValueKind == JsonValueKind.String => value[0].GetString(),
            _ => throw new LabelParseException(sourceName, $"field {name} is not a string"),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static bool HasText(JsonElement record, string name, string sourceName) => Texts(record, name, sourceName).Any();

    /// <summary>A section field: an array of strings (one per paragraph openFDA kept), or a lone string; blank entries dropped.</summary>
    private static IEnumerable<string> Texts(JsonElement record, string name, string sourceName)
    {
        if (!record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        IEnumerable<JsonElement> items = value.ValueKind switch
        {
            JsonValueKind.Array => value.EnumerateArray(),
            JsonValueKind.String => [value],
            _ => throw new LabelParseException(sourceName, $"field {name} is not an array of strings"),
        };
        return items.Select(item => item.ValueKind == JsonValueKind.String
                ? TextNormalizer.SingleLine(item.GetString()!)
                : throw new LabelParseException(sourceName, $"field {name} is not an array of strings"))
            .Where(t => t.Length > 0)
            .ToList();
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
