using System.Buffers;
using System.Text;
using System.Text.Json;
using LabelBot.Labels.Spl;

namespace LabelBot.Labels.OpenFda;

/// <summary>One raw record read from an openFDA JSON stream: its 1-based position and its JSON, or why it could not be read.</summary>
public readonly record struct OpenFdaRawRecord(int Index, JsonDocument? Json, string? Error);

/// <summary>
/// Streams the records of openFDA JSON with <see cref="Utf8JsonReader"/>: a single record (<c>{"set_id": …}</c>), an API
/// response or bulk partition (<c>{"meta": …, "results": [ … ]}</c>) or a bare array. Only one record is buffered at a
/// time, so a ~100 MB partition is read in memory proportional to its largest record, never whole.
/// </summary>
/// <remarks>
/// A record that is valid JSON but not an object is reported and skipped. Broken JSON syntax ends the stream with one
/// error naming the record it was in: the records before it are kept; after a syntax error the rest cannot be
/// delimited reliably.
/// </remarks>
public sealed class OpenFdaRecordReader : IDisposable
{
    /// <summary>Largest single record accepted (real records are well under 2 MB).</summary>
    public const int MaxRecordBytes = 64 * 1024 * 1024;

    private const int InitialBuffer = 64 * 1024;

    private static readonly byte[] ResultsName = Encoding.UTF8.GetBytes("results");
    private static readonly byte[] MetaName = Encoding.UTF8.GetBytes("meta");

    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _start;
    private int _end;
    private bool _eof;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
    private Phase _phase = Phase.Root;
    private int _index;
    private int _origin;
    private bool _wrapped;

    public OpenFdaRecordReader(Stream stream) => _stream = stream ?? throw new ArgumentNullException(nameof(stream));

    private enum Phase { Root, FirstProperty, WrapperProperties, Results, SingleRecord, Done }

    private enum Step { Continue, Record, NotObject, NeedMore, Done }

    /// <summary>Bytes read from the stream so far (for progress and the bounded-memory tests).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Records (and non-object entries) seen so far.</summary>
    public int RecordsSeen => _index;

    /// <summary>
    /// The records in order. The first <paramref name="skipRecords"/> positions (a resume checkpoint) are only tokenised
    /// to find where they end: no document is built for them and nothing is returned.
    /// </summary>
    public IEnumerable<OpenFdaRawRecord> ReadAll(int skipRecords = 0)
    {
        while (true)
        {
            Step step;
            int recordStart = 0, recordLength = 0;
            string? error = null;
            try
            {
                step = Advance(out recordStart, out recordLength);
            }
            catch (JsonException ex)
            {
                _phase = Phase.Done;
                error = $"malformed JSON in record {_index + 1} (line {ex.LineNumber + 1}): {TextNormalizer.SingleLine(ex.Message)}";
                step = Step.Done;
            }
            if (error is not null)
            {
                yield return new OpenFdaRawRecord(_index + 1, null, error);
                yield break;
            }
            switch (step)
            {
                case Step.Done:
                    yield break;
                case Step.NeedMore:
                    if (!Fill())
                    {
                        yield return new OpenFdaRawRecord(_index + 1, null, $"record {_index + 1} is larger than {MaxRecordBytes / (1024 * 1024)} MB");
                        yield break;
                    }
                    continue;
                case Step.NotObject when _index <= skipRecords:
                case Step.Record when _index <= skipRecords:
                    continue;
                case Step.NotObject:
                    yield return new OpenFdaRawRecord(_index, null, $"record {_index} is not a JSON object");
                    continue;
                case Step.Record:
                    // A copy-free view of the buffer: valid until the next record is requested (the caller maps it first).
                    var json = JsonDocument.Parse(_buffer.AsMemory(recordStart, recordLength));
                    yield return new OpenFdaRawRecord(_index, json, null);
                    continue;
                default:
                    continue;
            }
        }
    }

    /// <summary>Moves one logical step (a property, a record) through the buffered bytes; commits only whole steps.</summary>
    private Step Advance(out int recordStart, out int recordLength)
    {
        recordStart = recordLength = 0;
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
        switch (_phase)
        {
            case Phase.Done:
                return Step.Done;
            case Phase.Root:
                if (!reader.Read())
                {
                    return NeedMoreOrEnd("empty file");
                }
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    Commit(ref reader, Phase.Results);
                    return Step.Continue;
                }
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("the file is not a JSON object or array", null, 0, 0);
                }
                Commit(ref reader, Phase.FirstProperty);
                return Step.Continue;
            case Phase.FirstProperty:
            case Phase.WrapperProperties:
                if (!reader.Read())
                {
                    return NeedMoreOrEnd("truncated JSON");
                }
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    Commit(ref reader, Phase.Done);
                    return Step.Done;
                }
                if (_phase == Phase.FirstProperty && !reader.ValueTextEquals(ResultsName) && !reader.ValueTextEquals(MetaName))
                {
                    // Not a wrapper: the whole top-level object is one record. Start again from the first byte.
                    // The buffer still holds the file from its first byte (see Fill).
                    _phase = Phase.SingleRecord;
                    _start = _origin;
                    _state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
                    return Step.Continue;
                }
                var isResults = reader.ValueTextEquals(ResultsName);
                if (!reader.Read())
                {
                    return NeedMoreOrEnd("truncated JSON");
                }
                if (isResults && reader.TokenType == JsonTokenType.StartArray)
                {
                    _wrapped = true;
                    Commit(ref reader, Phase.Results);
                    return Step.Continue;
                }
                if (!reader.TrySkip())
                {
                    return NeedMoreOrEnd("truncated JSON");
                }
                Commit(ref reader, Phase.WrapperProperties);
                return Step.Continue;
            case Phase.Results:
                if (!reader.Read())
                {
                    return NeedMoreOrEnd("truncated JSON: the results array is not closed");
                }
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    Commit(ref reader, _wrapped ? Phase.WrapperProperties : Phase.Done);
                    return Step.Continue;
                }
                return ReadElement(ref reader, Phase.Results, out recordStart, out recordLength);
            case Phase.SingleRecord:
                if (!reader.Read())
                {
                    return NeedMoreOrEnd("empty file");
                }
                var step = ReadElement(ref reader, Phase.Done, out recordStart, out recordLength);
                return step;
            default:
                return Step.Done;
        }
    }

    private Step ReadElement(ref Utf8JsonReader reader, Phase next, out int recordStart, out int recordLength)
    {
        recordStart = recordLength = 0;
        var tokenStart = (int)reader.TokenStartIndex;
        var isObject = reader.TokenType == JsonTokenType.StartObject;
        if (!reader.TrySkip())
        {
            return NeedMoreOrEnd($"truncated JSON in record {_index + 1}");
        }
        recordStart = _start + tokenStart;
        recordLength = (int)reader.BytesConsumed - tokenStart;
        Commit(ref reader, next);
        _index++;
        return isObject ? Step.Record : Step.NotObject;
    }

    private Step NeedMoreOrEnd(string whatIsMissing)
    {
        if (_eof)
        {
            throw new JsonException(whatIsMissing, null, 0, 0);
        }
        return Step.NeedMore;
    }

    private void Commit(ref Utf8JsonReader reader, Phase next)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        _phase = next;
    }

    /// <summary>Reads more bytes: compacts the unread tail to the front, grows the buffer when one step does not fit. False past the record limit.</summary>
    private bool Fill()
    {
        // Until the first property says whether the file is a wrapper or one record, keep its start in the buffer.
        if (_start > 0 && _phase is not (Phase.Root or Phase.FirstProperty))
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordBytes)
            {
                return false;
            }
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxRecordBytes));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }
        var first = BytesRead == 0;
        _end += read;
        BytesRead += read;
        if (first && _end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _start = _origin = 3; // UTF-8 byte order mark, which Utf8JsonReader does not accept
        }
        return true;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
