using System.Buffers.Binary;
using System.Text;

namespace Serverless.Dicom;

// Header decoding, the frame stack and error paths.
public ref partial struct DicomReader
{
    private void CheckEnd(long end, long pos, string what, long parentEnd, uint? tag = null)
    {
        if (parentEnd >= 0 && end > parentEnd)
            throw Error($"the {what} length runs past the end of the enclosing item or sequence", pos, tag);
        if (_isFinalBlock && end > _bufferStart + _buffer.Length)
            throw Error($"the {what} length ({end - pos} bytes with header) runs past the end of the data", pos, tag);
    }

    private readonly bool TryReadHeader(DicomSyntax syntax, out uint tag, out DicomVR vr, out uint length, out int headerLength)
    {
        ReadOnlySpan<byte> s = _buffer[_consumed..];
        vr = DicomVR.None;
        length = 0;
        headerLength = 0;
        tag = 0;
        if (s.Length < 8) return false;
        bool big = syntax == DicomSyntax.ExplicitBig;
        tag = big ? (uint)BinaryPrimitives.ReadUInt16BigEndian(s) << 16 | BinaryPrimitives.ReadUInt16BigEndian(s[2..])
                  : (uint)BinaryPrimitives.ReadUInt16LittleEndian(s) << 16 | BinaryPrimitives.ReadUInt16LittleEndian(s[2..]);
        if (syntax == DicomSyntax.ImplicitLittle || tag >> 16 == 0xFFFE)
        {
            // Items and delimiters have no VR in any transfer syntax (PS3.5 §7.5).
            length = big ? BinaryPrimitives.ReadUInt32BigEndian(s[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[4..]);
            headerLength = 8;
            return true;
        }
        vr = DicomVRInfo.Parse(s[4], s[5]);
        if (vr == DicomVR.None) throw Error($"invalid VR bytes 0x{s[4]:X2} 0x{s[5]:X2} in explicit VR data", Position + 4, tag);
        if (vr.HasLongLength())
        {
            if (s.Length < 12) return false;
            length = big ? BinaryPrimitives.ReadUInt32BigEndian(s[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[8..]);
            headerLength = 12;
        }
        else
        {
            length = big ? BinaryPrimitives.ReadUInt16BigEndian(s[6..]) : BinaryPrimitives.ReadUInt16LittleEndian(s[6..]);
            headerLength = 8;
        }
        return true;
    }

    private readonly bool TryReadItemHeader(DicomSyntax syntax, out uint tag, out uint length)
    {
        ReadOnlySpan<byte> s = _buffer[_consumed..];
        tag = length = 0;
        if (s.Length < 8) return false;
        if (syntax == DicomSyntax.ExplicitBig)
        {
            tag = (uint)BinaryPrimitives.ReadUInt16BigEndian(s) << 16 | BinaryPrimitives.ReadUInt16BigEndian(s[2..]);
            length = BinaryPrimitives.ReadUInt32BigEndian(s[4..]);
        }
        else
        {
            tag = (uint)BinaryPrimitives.ReadUInt16LittleEndian(s) << 16 | BinaryPrimitives.ReadUInt16LittleEndian(s[2..]);
            length = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]);
        }
        return true;
    }

    private void SetToken(DicomTokenType type, uint tag, DicomVR vr, long tokenOffset, long valueOffset, long valueLength)
    {
        _tokenType = type;
        _tag = tag;
        _vr = vr;
        _tokenOffset = tokenOffset;
        _valueOffset = valueOffset;
        _valueLength = valueLength;
        _bigEndianValue = false;
    }

    private void PushSequence(uint tag, DicomSyntax syntax, long end, long valueOffset, long pos)
    {
        if (_state._sequenceDepth >= DicomReaderState.MaxSequenceDepth)
            throw Error($"sequences nest deeper than {DicomReaderState.MaxSequenceDepth} levels", pos, tag);
        Push(new DicomReaderFrame { Tag = tag, Kind = DicomFrameKind.Sequence, Syntax = syntax, End = end, ValueOffset = valueOffset });
        _state._sequenceDepth++;
    }

    private void Push(DicomReaderFrame frame)
    {
        _state._frames ??= new DicomReaderFrame[16];
        if (_state._frameCount == _state._frames.Length) Array.Resize(ref _state._frames, _state._frames.Length * 2);
        _state._frames[_state._frameCount++] = frame;
    }

    private void Pop()
    {
        DicomFrameKind kind = _state._frames![--_state._frameCount].Kind;
        if (kind == DicomFrameKind.Sequence) _state._sequenceDepth--;
    }

    /// <summary>The path to the current position, e.g. <c>(0040,0275)[0].(0008,1150)</c>.</summary>
    public readonly string GetTagPath() => BuildPath(_tokenType is DicomTokenType.Element or DicomTokenType.StartSequence or DicomTokenType.StartFragments ? _tag : null);

    private readonly string BuildPath(uint? current)
    {
        var sb = new StringBuilder();
        // The open sequence/fragments frame of a Start token is already on the stack: do not name its tag twice.
        int count = _state._frameCount;
        if (current.HasValue && count > 0 && _state._frames![count - 1].Kind != DicomFrameKind.Item && _state._frames[count - 1].Tag == current.Value) count--;
        for (int i = 0; i < count; i++)
        {
            DicomReaderFrame f = _state._frames![i];
            if (f.Kind == DicomFrameKind.Item) sb.Append('[').Append(f.Index).Append(']');
            else AppendTag(sb, f.Tag);
        }
        if (current.HasValue) AppendTag(sb, current.Value);
        return sb.ToString();
    }

    private static void AppendTag(StringBuilder sb, uint tag)
    {
        if (sb.Length > 0) sb.Append('.');
        sb.Append(FormatTag(tag));
    }

    private static string FormatTag(uint tag) => $"({tag >> 16:X4},{tag & 0xFFFF:X4})";

    private readonly DicomFormatException Error(string reason, long offset, uint? tag) => new(reason, offset, BuildPath(tag));
}
