namespace Serverless.Dicom;

/// <summary>One element of a <see cref="DicomDataset"/>: header facts and on-demand decoding of its value.</summary>
public sealed partial class DicomElement
{
    private readonly DicomDataset _dataset;
    private readonly int _index;

    internal DicomElement(DicomDataset dataset, int index)
    {
        _dataset = dataset;
        _index = index;
    }

    /// <summary>The dataset (or item) this element belongs to.</summary>
    public DicomDataset Dataset => _dataset;

    public DicomTag Tag => new(Entry.Tag);

    /// <summary>The VR: as written in explicit VR data; from the dictionary in implicit VR data and for VR UN
    /// values whose tag the dictionary knows (PS3.5 §6.2.2); "US or SS" resolved by Pixel Representation;
    /// SQ for sequences (including UN of undefined length); OB for encapsulated Pixel Data.</summary>
    public DicomVR VR => _dataset.GetVR(_index);

    /// <summary>0-based absolute offset of the value's first byte in the input. For deflated transfer syntaxes,
    /// offsets of dataset elements count File Meta bytes as in the file and then bytes of the inflated dataset.</summary>
    public long ValueOffset => Entry.ValueOffset;

    /// <summary>Length of the value field in bytes (for undefined length: the bytes up to, not including, the delimiter).</summary>
    public long ValueLength => Entry.ValueLength;

    /// <summary>True when the value was not loaded (Pixel Data, values over the bulk threshold).</summary>
    public bool IsBulkData => Entry.Has(DicomElementFlags.Bulk);

    /// <summary>The value had undefined length (0xFFFFFFFF) in the data.</summary>
    public bool IsUndefinedLength => Entry.Has(DicomElementFlags.UndefinedLength);

    /// <summary>Binary numbers in <see cref="RawValue"/> are big endian (Explicit VR Big Endian data).</summary>
    public bool IsBigEndian => Entry.Has(DicomElementFlags.BigEndian);

    /// <summary>The data said VR UN; <see cref="VR"/> comes from the dictionary.</summary>
    public bool IsFromUN => Entry.Has(DicomElementFlags.FromUN);

    /// <summary>Items of a sequence; empty for other VRs.</summary>
    public IReadOnlyList<DicomDataset> Items => Entry.Children as DicomDataset[] ?? [];

    /// <summary>Encapsulated Pixel Data (PS3.5 §A.4): see <see cref="BasicOffsetTable"/> and <see cref="Fragments"/>.</summary>
    public bool IsEncapsulated => Entry.Has(DicomElementFlags.Encapsulated);

    /// <summary>The first item of encapsulated Pixel Data (the Basic Offset Table, possibly of length 0); null when not encapsulated.</summary>
    public DicomFragment? BasicOffsetTable => Entry.Children is DicomFragment[] { Length: > 0 } f ? f[0] : null;

    /// <summary>The fragments of encapsulated Pixel Data after the Basic Offset Table, in order; never decoded.</summary>
    public IReadOnlyList<DicomFragment> Fragments => Entry.Children is DicomFragment[] { Length: > 1 } f
        ? new ArraySegment<DicomFragment>(f, 1, f.Length - 1)
        : Array.Empty<DicomFragment>();

    /// <summary>The value bytes as stored (byte order as in the data): available for loaded values, and for
    /// bulk values when the file was parsed from memory; empty otherwise (see <see cref="IsValueAvailable"/>).</summary>
    public ReadOnlyMemory<byte> RawValue => _dataset.ValueMemory(_index);

    public bool IsValueAvailable => _dataset.IsValueAvailable(_index);

    /// <summary>First value as text (see <see cref="DicomDataset.GetString"/>).</summary>
    public string? GetString() => _dataset.GetString(_index);

    /// <summary>All values as text (see <see cref="DicomDataset.GetStrings"/>).</summary>
    public string[] GetStrings() => _dataset.GetStrings(_index);

    /// <summary>PN values split into component groups; empty for other VRs.</summary>
    public DicomPersonName[] GetPersonNames() =>
        VR == DicomVR.PN && IsValueAvailable ? _dataset.CharacterSet.DecodePersonNames(_dataset.ValueSpan(_index)) : [];

    public override string ToString() => $"{Tag} {VR.ToText()} {ValueLength}";

    private ref readonly DicomElementEntry Entry => ref _dataset.Entry(_index);
}
