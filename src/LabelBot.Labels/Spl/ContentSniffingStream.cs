namespace LabelBot.Labels.Spl;

/// <summary>
/// Read-only pass-through that notes whether any non-whitespace byte went by, so an empty (or blank) file can be
/// reported as "empty file" rather than as an XML syntax error. Works on non-seekable zip entry streams.
/// </summary>
internal sealed class ContentSniffingStream(Stream inner) : Stream
{
    public bool SawContent { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        if (!SawContent)
        {
            foreach (var b in buffer[..read])
            {
                // Whitespace and a UTF-8 byte-order mark do not count as content.
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
                {
                    SawContent = true;
                    break;
                }
            }
        }
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
