using System.Buffers.Binary;
using System.Globalization;

namespace Serverless.Dicom;

// Value decoding on demand. Text is decoded with the dataset's character set; binary numbers are formatted
// with the invariant culture.
public sealed partial class DicomDataset
{
    /// <summary>First value as text (decoded with the character set, padding removed; numbers and dates as their
    /// string form; AT as 8 hex digits); null when absent, empty, binary (OB, OW, UN, ...), a sequence, or bulk
    /// data that was not loaded.</summary>
    public string? GetString(DicomTag tag)
    {
        int index = IndexOf(tag.Value);
        return index < 0 ? null : GetString(index);
    }

    /// <summary>All values as text; empty array when absent (see <see cref="GetString(DicomTag)"/>). Empty values
    /// inside a multi-valued element are empty strings.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        int index = IndexOf(tag.Value);
        return index < 0 ? [] : GetStrings(index);
    }

    /// <summary>The first value as an integer (IS, or US/SS/UL/SL/SV/UV when it fits).</summary>
    public bool TryGetInt32(DicomTag tag, out int value)
    {
        value = 0;
        int index = IndexOf(tag.Value);
        if (index < 0 || !IsValueAvailable(index)) return false;
        DicomVR vr = GetVR(index);
        ReadOnlySpan<byte> span = ValueSpan(index);
        if (vr is DicomVR.IS or DicomVR.DS)
        {
            string? text = GetString(index);
            return text != null && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        }
        if (vr.ValueSize() == 0 || span.Length < vr.ValueSize() || vr is DicomVR.FL or DicomVR.FD or DicomVR.AT) return false;
        double d = DicomBinaryValues.ReadNumber(span, vr, _entries[index].Has(DicomElementFlags.BigEndian), 0);
        if (d < int.MinValue || d > int.MaxValue) return false;
        value = (int)d;
        return true;
    }

    /// <summary>The first value as a number (DS, IS, or any binary number VR).</summary>
    public bool TryGetDouble(DicomTag tag, out double value)
    {
        value = 0;
        int index = IndexOf(tag.Value);
        if (index < 0 || !IsValueAvailable(index)) return false;
        DicomVR vr = GetVR(index);
        if (vr is DicomVR.IS or DicomVR.DS)
        {
            string? text = GetString(index);
            return text != null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        }
        ReadOnlySpan<byte> span = ValueSpan(index);
        if (vr.ValueSize() == 0 || vr is DicomVR.AT or DicomVR.OB or DicomVR.UN || span.Length < vr.ValueSize()) return false;
        value = DicomBinaryValues.ReadNumber(span, vr, _entries[index].Has(DicomElementFlags.BigEndian), 0);
        return true;
    }

    internal string? GetString(int index)
    {
        if (!IsValueAvailable(index)) return null;
        DicomVR vr = GetVR(index);
        ReadOnlySpan<byte> span = ValueSpan(index);
        if (span.IsEmpty) return null;
        if (vr.IsString())
        {
            string[] values = CharacterSet.DecodeValues(span, vr);
            return values.Length > 0 && values[0].Length > 0 ? values[0] : null;
        }
        int size = vr.ValueSize();
        if (size == 0 || vr.IsBinary() || span.Length < size) return null;
        return DicomBinaryValues.Format(span, vr, _entries[index].Has(DicomElementFlags.BigEndian), 0);
    }

    internal string[] GetStrings(int index)
    {
        if (!IsValueAvailable(index)) return [];
        DicomVR vr = GetVR(index);
        ReadOnlySpan<byte> span = ValueSpan(index);
        if (span.IsEmpty) return [];
        if (vr.IsString()) return CharacterSet.DecodeValues(span, vr);
        int size = vr.ValueSize();
        if (size == 0 || vr.IsBinary()) return [];
        bool big = _entries[index].Has(DicomElementFlags.BigEndian);
        var result = new string[span.Length / size];
        for (int i = 0; i < result.Length; i++) result[i] = DicomBinaryValues.Format(span, vr, big, i);
        return result;
    }
}

/// <summary>Reads values of the fixed-size binary VRs (US, SS, UL, SL, FL, FD, SV, UV, AT; PS3.5 §6.2).</summary>
internal static class DicomBinaryValues
{
    public static double ReadNumber(ReadOnlySpan<byte> span, DicomVR vr, bool bigEndian, int index) => vr switch
    {
        DicomVR.US or DicomVR.OW => U16(span, bigEndian, index),
        DicomVR.SS => (short)U16(span, bigEndian, index),
        DicomVR.UL or DicomVR.OL => U32(span, bigEndian, index),
        DicomVR.SL => (int)U32(span, bigEndian, index),
        DicomVR.FL or DicomVR.OF => BitConverter.Int32BitsToSingle((int)U32(span, bigEndian, index)),
        DicomVR.FD or DicomVR.OD => BitConverter.Int64BitsToDouble((long)U64(span, bigEndian, index)),
        DicomVR.SV => (long)U64(span, bigEndian, index),
        DicomVR.UV or DicomVR.OV => U64(span, bigEndian, index),
        _ => 0,
    };

    public static string Format(ReadOnlySpan<byte> span, DicomVR vr, bool bigEndian, int index) => vr switch
    {
        DicomVR.US => U16(span, bigEndian, index).ToString(CultureInfo.InvariantCulture),
        DicomVR.SS => ((short)U16(span, bigEndian, index)).ToString(CultureInfo.InvariantCulture),
        DicomVR.UL => U32(span, bigEndian, index).ToString(CultureInfo.InvariantCulture),
        DicomVR.SL => ((int)U32(span, bigEndian, index)).ToString(CultureInfo.InvariantCulture),
        DicomVR.FL => BitConverter.Int32BitsToSingle((int)U32(span, bigEndian, index)).ToString("R", CultureInfo.InvariantCulture),
        DicomVR.FD => BitConverter.Int64BitsToDouble((long)U64(span, bigEndian, index)).ToString("R", CultureInfo.InvariantCulture),
        DicomVR.SV => ((long)U64(span, bigEndian, index)).ToString(CultureInfo.InvariantCulture),
        DicomVR.UV => U64(span, bigEndian, index).ToString(CultureInfo.InvariantCulture),
        DicomVR.AT => FormatTag(span, bigEndian, index),
        _ => "",
    };

    /// <summary>An AT value as the 8 hex digits used by DICOM JSON (PS3.18 §F.2.3): group then element.</summary>
    public static string FormatTag(ReadOnlySpan<byte> span, bool bigEndian, int index)
    {
        uint group = U16(span, bigEndian, index * 2);
        uint element = U16(span, bigEndian, index * 2 + 1);
        return (group << 16 | element).ToString("X8", CultureInfo.InvariantCulture);
    }

    public static ushort U16(ReadOnlySpan<byte> span, bool bigEndian, int index)
    {
        ReadOnlySpan<byte> s = span.Slice(index * 2, 2);
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
    }

    public static uint U32(ReadOnlySpan<byte> span, bool bigEndian, int index)
    {
        ReadOnlySpan<byte> s = span.Slice(index * 4, 4);
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    public static ulong U64(ReadOnlySpan<byte> span, bool bigEndian, int index)
    {
        ReadOnlySpan<byte> s = span.Slice(index * 8, 8);
        return bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
    }
}
