using System.Text;

namespace Serverless.Dicom;

public sealed partial class DicomCharacterSet
{
    private const byte ValueDelimiter = (byte)'\\';
    private const byte GroupDelimiter = (byte)'=';

    /// <summary>
    /// Decodes the value field of a text element into its values.
    /// </summary>
    /// <param name="value">The value field as stored (its padding included).</param>
    /// <param name="vr">The element's VR. SH, LO, ST, LT, PN, UT and UC are decoded with this character set; every
    /// other VR uses the default repertoire, as PS3.5 §6.1.2.3 restricts them to it.</param>
    /// <returns>
    /// One string per value; an empty array when the value is empty or only padding. Values are split on the
    /// single-byte 0x5C delimiter before decoding, character-aware where 0x5C can be half of a character (ISO 2022
    /// double-byte sets, GB18030, GBK; PS3.5 §6.1.2.3); LT, ST, UT and UR are never split. Padding removed per value:
    /// trailing spaces and NULs for all VRs, and also leading spaces for AE, AS, CS, DA, DS, DT, IS and TM
    /// (PS3.5 Table 6.2-1). A PN value comes back as one string, its groups joined with '=' as encoded.
    /// </returns>
    public string[] DecodeValues(ReadOnlySpan<byte> value, DicomVR vr)
    {
        if (!UsesSpecificCharacterSet(vr) && !ReferenceEquals(this, Default)) return Default.DecodeValues(value, vr);

        var trimLeading = TrimsLeadingSpaces(vr);
        value = Trim(value, trimLeading);
        if (value.IsEmpty) return [];

        var personName = vr == DicomVR.PN;
        if (IsSingleValued(vr)) return [DecodeText(value, personName)];
        if (!value.ContainsAny(_notPlain)) return SplitPlain(value, trimLeading);

        var count = 1;
        for (var rest = value; IndexOfDelimiter(rest, ValueDelimiter) is var at && at >= 0; rest = rest[(at + 1)..]) count++;

        var values = new string[count];
        var remaining = value;
        for (var i = 0; i < count; i++)
        {
            var at = i < count - 1 ? IndexOfDelimiter(remaining, ValueDelimiter) : -1;
            var part = at >= 0 ? remaining[..at] : remaining;
            values[i] = DecodeText(Trim(part, trimLeading), personName);
            if (at >= 0) remaining = remaining[(at + 1)..];
        }

        return values;
    }

    /// <summary>
    /// Decodes the value field of a PN element into person names, one per value (split on the single-byte 0x5C
    /// delimiter), each split into its component groups on '=' (PS3.5 §6.2.1.2).
    /// </summary>
    /// <param name="value">The value field as stored (its padding included).</param>
    /// <returns>
    /// An empty array when the value is empty or only padding. Each group is decoded on its own, starting from the
    /// initial designation (PS3.5 §6.1.2.5.3). Absent groups are <see langword="null"/>: those after the last
    /// non-empty group, and all three for an empty value; an interior empty group is <see cref="string.Empty"/>.
    /// Four or more groups are not valid; everything after the second '=' is kept in <see cref="DicomPersonName.Phonetic"/>.
    /// </returns>
    public DicomPersonName[] DecodePersonNames(ReadOnlySpan<byte> value)
    {
        value = Trim(value, trimLeading: false);
        if (value.IsEmpty) return [];

        var count = 1;
        for (var rest = value; IndexOfDelimiter(rest, ValueDelimiter) is var at && at >= 0; rest = rest[(at + 1)..]) count++;

        var names = new DicomPersonName[count];
        var remaining = value;
        for (var i = 0; i < count; i++)
        {
            var at = i < count - 1 ? IndexOfDelimiter(remaining, ValueDelimiter) : -1;
            names[i] = DecodePersonName(Trim(at >= 0 ? remaining[..at] : remaining, trimLeading: false));
            if (at >= 0) remaining = remaining[(at + 1)..];
        }

        return names;
    }

    /// <summary>The common case: ASCII only, no set switch, so every 0x5C is a delimiter and every byte one character.</summary>
    private static string[] SplitPlain(ReadOnlySpan<byte> value, bool trimLeading)
    {
        var values = new string[value.Count(ValueDelimiter) + 1];
        for (var i = 0; i < values.Length; i++)
        {
            var at = value.IndexOf(ValueDelimiter);
            values[i] = Encoding.Latin1.GetString(Trim(at >= 0 ? value[..at] : value, trimLeading));
            if (at >= 0) value = value[(at + 1)..];
        }

        return values;
    }

    private DicomPersonName DecodePersonName(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return default;

        Span<Range> groups = stackalloc Range[3];
        var groupCount = 0;
        var start = 0;
        while (groupCount < 2 && IndexOfDelimiter(value[start..], GroupDelimiter) is var at && at >= 0)
        {
            groups[groupCount++] = start..(start + at);
            start += at + 1;
        }

        groups[groupCount++] = start..value.Length;

        // Trailing empty groups (and their '=') may be left out (PS3.5 §6.2.1.2): they are absent, not empty.
        while (groupCount > 0 && groups[groupCount - 1].GetOffsetAndLength(value.Length).Length == 0) groupCount--;

        return new DicomPersonName(
            groupCount > 0 ? DecodeText(value[groups[0]], personName: true) : null,
            groupCount > 1 ? DecodeText(value[groups[1]], personName: true) : null,
            groupCount > 2 ? DecodeText(value[groups[2]], personName: true) : null);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value, bool trimLeading)
    {
        // Space and NUL never occur inside a multi-byte character of any supported set, so trimming bytes is safe.
        value = value.TrimEnd(" \0"u8);
        return trimLeading ? value.TrimStart((byte)' ') : value;
    }

    /// <summary>VRs whose values may use the Specific Character Set (PS3.5 §6.1.2.3 and §6.2; UC since CP-1303).</summary>
    private static bool UsesSpecificCharacterSet(DicomVR vr) =>
        vr is DicomVR.SH or DicomVR.LO or DicomVR.ST or DicomVR.LT or DicomVR.PN or DicomVR.UT or DicomVR.UC;

    /// <summary>VRs that hold one value, where 0x5C is an ordinary character (PS3.5 Table 6.2-1).</summary>
    private static bool IsSingleValued(DicomVR vr) =>
        vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;

    /// <summary>VRs whose leading spaces are padding or insignificant (PS3.5 Table 6.2-1).</summary>
    private static bool TrimsLeadingSpaces(DicomVR vr) =>
        vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA or DicomVR.DS or DicomVR.DT or DicomVR.IS or DicomVR.TM;
}
