using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace Serverless.Dicom;

// "Value" / "InlineBinary" of one loaded element (PS3.18 §F.2.2-F.2.7).
public static partial class DicomJsonWriter
{
    private static void WriteValue(Utf8JsonWriter writer, DicomDataset dataset, int index, DicomVR vr, bool bigEndian)
    {
        ReadOnlySpan<byte> value = dataset.ValueSpan(index);
        switch (vr)
        {
            case DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.UN:
                WriteInlineBinary(writer, value, vr, bigEndian);
                return;
            case DicomVR.PN:
                WritePersonNames(writer, dataset.CharacterSet.DecodePersonNames(value));
                return;
            case DicomVR.IS or DicomVR.DS:
                WriteNumberStrings(writer, value, vr);
                return;
            case DicomVR.AT:
            {
                int count = value.Length / 4;
                if (count == 0) return;
                writer.WriteStartArray("Value"u8);
                Span<byte> hex = stackalloc byte[8];
                for (int i = 0; i < count; i++)
                {
                    uint tag = (uint)DicomBinaryValues.U16(value, bigEndian, i * 2) << 16 | DicomBinaryValues.U16(value, bigEndian, i * 2 + 1);
                    WriteHex8(hex, tag);
                    writer.WriteStringValue(hex);
                }
                writer.WriteEndArray();
                return;
            }
            case DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.FD or DicomVR.SV or DicomVR.UV:
                WriteBinaryNumbers(writer, value, vr, bigEndian);
                return;
            default:
                WriteStrings(writer, dataset.CharacterSet.DecodeValues(value, vr));
                return;
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, string[] values)
    {
        if (values.Length == 0) return;
        writer.WriteStartArray("Value"u8);
        foreach (string v in values)
        {
            if (v.Length == 0) writer.WriteNullValue();
            else writer.WriteStringValue(v);
        }
        writer.WriteEndArray();
    }

    private static void WritePersonNames(Utf8JsonWriter writer, DicomPersonName[] names)
    {
        if (names.Length == 0) return;
        writer.WriteStartArray("Value"u8);
        foreach (DicomPersonName name in names)
        {
            if (name.IsEmpty)
            {
                writer.WriteNullValue();
                continue;
            }
            writer.WriteStartObject();
            if (!string.IsNullOrEmpty(name.Alphabetic)) writer.WriteString("Alphabetic"u8, name.Alphabetic);
            if (!string.IsNullOrEmpty(name.Ideographic)) writer.WriteString("Ideographic"u8, name.Ideographic);
            if (!string.IsNullOrEmpty(name.Phonetic)) writer.WriteString("Phonetic"u8, name.Phonetic);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>IS/DS values straight from their bytes: the default repertoire only (PS3.5 §6.1.2.3), so each byte is
    /// one character and 0x5C always a delimiter. A value already a valid JSON number is copied as it is; the rest
    /// take the text path below.</summary>
    private static void WriteNumberStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> value, DicomVR vr)
    {
        value = TrimNumber(value);
        if (value.IsEmpty) return;
        bool integer = vr == DicomVR.IS;
        writer.WriteStartArray("Value"u8);
        while (true)
        {
            int at = value.IndexOf((byte)'\\');
            ReadOnlySpan<byte> part = TrimNumber(at >= 0 ? value[..at] : value);
            if (part.IsEmpty) writer.WriteNullValue();
            else if (IsJsonNumber(part, integer)) writer.WriteRawValue(part, skipInputValidation: true);
            else WriteNumberText(writer, DicomCharacterSet.Default.DecodeValues(part, vr) is [var text] ? text : "", integer);
            if (at < 0) break;
            value = value[(at + 1)..];
        }
        writer.WriteEndArray();
    }

    // Padding of IS/DS: leading and trailing spaces, trailing NULs (PS3.5 Table 6.2-1), as DecodeValues trims.
    private static ReadOnlySpan<byte> TrimNumber(ReadOnlySpan<byte> value) => value.TrimEnd(" \0"u8).TrimStart((byte)' ');

    private static void WriteNumberText(Utf8JsonWriter writer, string v, bool integer)
    {
        if (v.Length == 0) writer.WriteNullValue();
        else if (integer && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) writer.WriteNumberValue(l);
        else if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)) writer.WriteNumberValue(d);
        else writer.WriteStringValue(v); // not a number: kept as text (see the class remarks)
    }

    /// <summary>RFC 8259 §6 number grammar (for IS: integers only, as PS3.5 Table 6.2-1 defines IS).</summary>
    internal static bool IsJsonNumber(ReadOnlySpan<byte> s, bool integer)
    {
        int i = 0;
        if (i < s.Length && s[i] == '-') i++;
        if (i >= s.Length) return false;
        if (s[i] == '0') i++;
        else if (s[i] >= '1' && s[i] <= '9') while (i < s.Length && char.IsAsciiDigit((char)s[i])) i++;
        else return false;
        if (integer) return i == s.Length && s.Length <= 18; // fits a long: JSON readers keep it exact
        if (i < s.Length && s[i] == '.')
        {
            i++;
            int start = i;
            while (i < s.Length && char.IsAsciiDigit((char)s[i])) i++;
            if (i == start) return false;
        }
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) i++;
            int start = i;
            while (i < s.Length && char.IsAsciiDigit((char)s[i])) i++;
            if (i == start) return false;
        }
        return i == s.Length;
    }

    private static void WriteBinaryNumbers(Utf8JsonWriter writer, ReadOnlySpan<byte> value, DicomVR vr, bool bigEndian)
    {
        int size = vr.ValueSize();
        int count = value.Length / size;
        if (count == 0) return;
        writer.WriteStartArray("Value"u8);
        for (int i = 0; i < count; i++)
        {
            switch (vr)
            {
                case DicomVR.US: writer.WriteNumberValue(DicomBinaryValues.U16(value, bigEndian, i)); break;
                case DicomVR.SS: writer.WriteNumberValue((short)DicomBinaryValues.U16(value, bigEndian, i)); break;
                case DicomVR.UL: writer.WriteNumberValue(DicomBinaryValues.U32(value, bigEndian, i)); break;
                case DicomVR.SL: writer.WriteNumberValue((int)DicomBinaryValues.U32(value, bigEndian, i)); break;
                case DicomVR.SV: writer.WriteNumberValue((long)DicomBinaryValues.U64(value, bigEndian, i)); break;
                case DicomVR.UV: writer.WriteNumberValue(DicomBinaryValues.U64(value, bigEndian, i)); break;
                case DicomVR.FL:
                    float f = BitConverter.Int32BitsToSingle((int)DicomBinaryValues.U32(value, bigEndian, i));
                    // A float is written with its shortest round-trip digits, which for a subnormal are as few as
                    // one ("1E-45" for 2^-149): a reader taking JSON numbers as doubles (PS3.18 §F.2.3 gives FL no
                    // other type) would get a value 29% off. Subnormals are written with their exact double digits.
                    if (float.IsSubnormal(f)) writer.WriteNumberValue((double)f);
                    else if (float.IsFinite(f)) writer.WriteNumberValue(f);
                    else writer.WriteStringValue(NonFinite(f));
                    break;
                default:
                    double d = BitConverter.Int64BitsToDouble((long)DicomBinaryValues.U64(value, bigEndian, i));
                    if (double.IsFinite(d)) writer.WriteNumberValue(d);
                    else writer.WriteStringValue(NonFinite(d));
                    break;
            }
        }
        writer.WriteEndArray();
    }

    private static string NonFinite(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";

    private static void WriteInlineBinary(Utf8JsonWriter writer, ReadOnlySpan<byte> value, DicomVR vr, bool bigEndian)
    {
        int size = vr.ValueSize();
        if (!bigEndian || size <= 1 || value.Length % size != 0)
        {
            writer.WriteBase64String("InlineBinary"u8, value);
            return;
        }
        // The JSON model is transfer syntax free; binary words are given in little endian order (as in the
        // default transfer syntax), so big endian input is swapped.
        byte[] swapped = value.ToArray();
        for (int i = 0; i < swapped.Length; i += size) swapped.AsSpan(i, size).Reverse();
        writer.WriteBase64String("InlineBinary"u8, swapped);
    }
}
