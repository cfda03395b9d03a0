using System.Buffers.Binary;
using System.Text;

namespace Serverless.Dicom.Tests;

/// <summary>Writes small DICOM byte streams by hand for structure tests (little endian unless <c>bigEndian</c>).</summary>
internal sealed class DicomBytes
{
    public const uint Undefined = 0xFFFFFFFF;
    private readonly MemoryStream _out = new();

    /// <summary>128-byte preamble, "DICM" and a File Meta with (0002,0000), (0002,0010).</summary>
    public static DicomBytes File(string transferSyntax, bool groupLength = true)
    {
        var meta = new DicomBytes();
        meta.Explicit(0x00020001, "OB", [0, 1]);
        meta.Explicit(0x00020010, "UI", transferSyntax);
        byte[] metaBytes = meta.ToArray();
        var b = new DicomBytes();
        b.Raw(new byte[128]).Raw("DICM"u8.ToArray());
        if (groupLength) b.Explicit(0x00020000, "UL", BitConverter.GetBytes((uint)metaBytes.Length));
        return b.Raw(metaBytes);
    }

    public DicomBytes Raw(byte[] bytes)
    {
        _out.Write(bytes);
        return this;
    }

    public DicomBytes Explicit(uint tag, string vr, string text, bool bigEndian = false)
    {
        byte[] value = Encoding.ASCII.GetBytes(text);
        if (value.Length % 2 == 1) value = [.. value, (byte)(vr == "UI" ? 0 : ' ')];
        return Explicit(tag, vr, value, bigEndian);
    }

    public DicomBytes Explicit(uint tag, string vr, byte[] value, bool bigEndian = false) =>
        Header(tag, vr, (uint)value.Length, bigEndian).Raw(value);

    public DicomBytes Header(uint tag, string vr, uint length, bool bigEndian = false)
    {
        Tag(tag, bigEndian);
        _out.Write(Encoding.ASCII.GetBytes(vr));
        if (DicomVRInfo.Parse((byte)vr[0], (byte)vr[1]).HasLongLength())
        {
            _out.Write([0, 0]);
            U32(length, bigEndian);
        }
        else
        {
            U16((ushort)length, bigEndian);
        }
        return this;
    }

    public DicomBytes Implicit(uint tag, byte[] value) => ImplicitHeader(tag, (uint)value.Length).Raw(value);

    public DicomBytes Implicit(uint tag, string text)
    {
        byte[] value = Encoding.ASCII.GetBytes(text);
        if (value.Length % 2 == 1) value = [.. value, (byte)' '];
        return Implicit(tag, value);
    }

    public DicomBytes ImplicitHeader(uint tag, uint length)
    {
        Tag(tag, false);
        U32(length, false);
        return this;
    }

    public DicomBytes Item(uint length = Undefined, bool bigEndian = false) => Delimiter(0xFFFEE000, length, bigEndian);
    public DicomBytes ItemEnd(bool bigEndian = false) => Delimiter(0xFFFEE00D, 0, bigEndian);
    public DicomBytes SequenceEnd(bool bigEndian = false) => Delimiter(0xFFFEE0DD, 0, bigEndian);

    public DicomBytes Delimiter(uint tag, uint length, bool bigEndian = false)
    {
        Tag(tag, bigEndian);
        U32(length, bigEndian);
        return this;
    }

    public int Length => (int)_out.Length;

    public byte[] ToArray() => _out.ToArray();

    private void Tag(uint tag, bool bigEndian)
    {
        U16((ushort)(tag >> 16), bigEndian);
        U16((ushort)tag, bigEndian);
    }

    private void U16(ushort v, bool bigEndian)
    {
        Span<byte> b = stackalloc byte[2];
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        _out.Write(b);
    }

    private void U32(uint v, bool bigEndian)
    {
        Span<byte> b = stackalloc byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        _out.Write(b);
    }
}
