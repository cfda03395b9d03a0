namespace Serverless.Dicom;

/// <summary>A data element tag (group, element). <see cref="Value"/> = group &lt;&lt; 16 | element (PS3.5 §7.1).</summary>
public readonly partial struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element) => Value = (uint)(group << 16 | element);
    public DicomTag(uint value) => Value = value;

    public uint Value { get; }
    public ushort Group => (ushort)(Value >> 16);
    public ushort Element => (ushort)Value;

    /// <summary>Odd group (PS3.5 §7.8). Groups 0001, 0003, 0005, 0007 and FFFF are not private either, but never occur in valid data.</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>A Private Creator Data Element (gggg,0010-00FF) with odd gggg (PS3.5 §7.8.1); its VR is LO.</summary>
    public bool IsPrivateCreator => IsPrivate && Element >= 0x0010 && Element <= 0x00FF;

    /// <summary>A Group Length element (gggg,0000) (PS3.5 §7.2); its VR is UL.</summary>
    public bool IsGroupLength => Element == 0;

    public bool Equals(DicomTag other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is DicomTag t && Equals(t);
    public override int GetHashCode() => (int)Value;
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);
    public static bool operator ==(DicomTag a, DicomTag b) => a.Value == b.Value;
    public static bool operator !=(DicomTag a, DicomTag b) => a.Value != b.Value;
    public static bool operator <(DicomTag a, DicomTag b) => a.Value < b.Value;
    public static bool operator >(DicomTag a, DicomTag b) => a.Value > b.Value;
    public static bool operator <=(DicomTag a, DicomTag b) => a.Value <= b.Value;
    public static bool operator >=(DicomTag a, DicomTag b) => a.Value >= b.Value;

    /// <summary>"(0010,0010)"</summary>
    public override string ToString() => $"({Group:X4},{Element:X4})";

    /// <summary>"00100010", the DICOM JSON key (PS3.18 §F.2.1.1).</summary>
    public string ToJsonKey() => Value.ToString("X8");

    /// <summary>Parses "00100010", "(0010,0010)" or "0010,0010" (hex digits).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DicomTag tag)
    {
        tag = default;
        text = text.Trim();
        if (text.Length == 11 && text[0] == '(' && text[5] == ',' && text[10] == ')') text = text[1..10];
        Span<char> digits = stackalloc char[8];
        if (text.Length == 9 && text[4] == ',')
        {
            text[..4].CopyTo(digits);
            text[5..].CopyTo(digits[4..]);
        }
        else if (text.Length == 8) text.CopyTo(digits);
        else return false;
        if (!uint.TryParse(digits, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out uint value)) return false;
        tag = new DicomTag(value);
        return true;
    }
}
