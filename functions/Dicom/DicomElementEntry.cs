namespace Serverless.Dicom;

[Flags]
internal enum DicomElementFlags : byte
{
    None = 0,
    /// <summary>The value was not loaded (Pixel Data, over the bulk threshold).</summary>
    Bulk = 1,
    /// <summary>Binary numbers in the value are big endian.</summary>
    BigEndian = 2,
    /// <summary>Encapsulated Pixel Data; Children holds the fragments.</summary>
    Encapsulated = 4,
    /// <summary>A sequence; Children holds the items.</summary>
    Sequence = 8,
    /// <summary>The data said UN and the VR came from the dictionary.</summary>
    FromUN = 16,
    /// <summary>The value had undefined length in the data.</summary>
    UndefinedLength = 32,
}

/// <summary>One element of a dataset as stored: a small struct pointing into the file's value bytes.</summary>
internal struct DicomElementEntry
{
    public uint Tag;
    public DicomVR VR;
    public DicomVRAmbiguity Ambiguity;
    public DicomElementFlags Flags;
    /// <summary>Absolute 0-based offset of the value (see <see cref="DicomElement.ValueOffset"/>).</summary>
    public long ValueOffset;
    public long ValueLength;
    /// <summary>Where the value starts in <see cref="DicomValueStore.Bytes"/>; -1 when the bytes are not available.</summary>
    public int DataIndex;
    /// <summary><see cref="DicomDataset"/>[] for a sequence, <see cref="DicomFragment"/>[] for encapsulated Pixel Data.</summary>
    public object? Children;

    public readonly bool Has(DicomElementFlags flag) => (Flags & flag) != 0;
}

/// <summary>The bytes that a file's loaded values point into: the caller's memory for
/// <see cref="DicomFile.Parse"/> (or the inflated copy for deflated data), a compact copy for <see cref="DicomFile.ReadAsync"/>.</summary>
internal sealed class DicomValueStore
{
    public ReadOnlyMemory<byte> Bytes;
}
