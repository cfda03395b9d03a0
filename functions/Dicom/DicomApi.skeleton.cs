// TEMPORARY API CONTRACT (written by the lead so the archive can be coded in parallel).
// The DICOM library helper replaces this file with real implementations in proper files
// (one type per file, folders IO/, Text/, Json/, Dictionary/), keeping every public signature below.
using System.Text.Json;

namespace Serverless.Dicom;

/// <summary>A data element tag (group, element). Value = group &lt;&lt; 16 | element.</summary>
public readonly partial struct DicomTag : IEquatable<DicomTag>, IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element) => Value = (uint)(group << 16 | element);
    public DicomTag(uint value) => Value = value;
    public uint Value { get; }
    public ushort Group => (ushort)(Value >> 16);
    public ushort Element => (ushort)Value;
    public bool IsPrivate => (Group & 1) == 1;
    public bool Equals(DicomTag other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is DicomTag t && Equals(t);
    public override int GetHashCode() => (int)Value;
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);
    public static bool operator ==(DicomTag a, DicomTag b) => a.Value == b.Value;
    public static bool operator !=(DicomTag a, DicomTag b) => a.Value != b.Value;
    /// <summary>"(0010,0010)"</summary>
    public override string ToString() => $"({Group:X4},{Element:X4})";
    /// <summary>"00100010", the DICOM JSON key.</summary>
    public string ToJsonKey() => Value.ToString("X8");

    // Well-known tags the archive needs (the generated dictionary may add all keywords as static members).
    public static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    public static readonly DicomTag SOPClassUID = new(0x0008, 0x0016);
    public static readonly DicomTag SOPInstanceUID = new(0x0008, 0x0018);
    public static readonly DicomTag StudyDate = new(0x0008, 0x0020);
    public static readonly DicomTag StudyTime = new(0x0008, 0x0030);
    public static readonly DicomTag AccessionNumber = new(0x0008, 0x0050);
    public static readonly DicomTag Modality = new(0x0008, 0x0060);
    public static readonly DicomTag ModalitiesInStudy = new(0x0008, 0x0061);
    public static readonly DicomTag ReferringPhysicianName = new(0x0008, 0x0090);
    public static readonly DicomTag StudyDescription = new(0x0008, 0x1030);
    public static readonly DicomTag SeriesDescription = new(0x0008, 0x103E);
    public static readonly DicomTag PatientName = new(0x0010, 0x0010);
    public static readonly DicomTag PatientID = new(0x0010, 0x0020);
    public static readonly DicomTag PatientBirthDate = new(0x0010, 0x0030);
    public static readonly DicomTag PatientSex = new(0x0010, 0x0040);
    public static readonly DicomTag StudyInstanceUID = new(0x0020, 0x000D);
    public static readonly DicomTag SeriesInstanceUID = new(0x0020, 0x000E);
    public static readonly DicomTag StudyID = new(0x0020, 0x0010);
    public static readonly DicomTag SeriesNumber = new(0x0020, 0x0011);
    public static readonly DicomTag InstanceNumber = new(0x0020, 0x0013);
    public static readonly DicomTag NumberOfFrames = new(0x0028, 0x0008);
    public static readonly DicomTag Rows = new(0x0028, 0x0010);
    public static readonly DicomTag Columns = new(0x0028, 0x0011);
    public static readonly DicomTag BitsAllocated = new(0x0028, 0x0100);
    public static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
    public static readonly DicomTag TransferSyntaxUID = new(0x0002, 0x0010);
    public static readonly DicomTag MediaStorageSOPInstanceUID = new(0x0002, 0x0003);
}

/// <summary>Value Representation; the numeric value is the two ASCII letters (e.g. 'P'&lt;&lt;8|'N').</summary>
public enum DicomVR : ushort
{
    None = 0,
    AE = 'A' << 8 | 'E', AS = 'A' << 8 | 'S', AT = 'A' << 8 | 'T', CS = 'C' << 8 | 'S', DA = 'D' << 8 | 'A',
    DS = 'D' << 8 | 'S', DT = 'D' << 8 | 'T', FD = 'F' << 8 | 'D', FL = 'F' << 8 | 'L', IS = 'I' << 8 | 'S',
    LO = 'L' << 8 | 'O', LT = 'L' << 8 | 'T', OB = 'O' << 8 | 'B', OD = 'O' << 8 | 'D', OF = 'O' << 8 | 'F',
    OL = 'O' << 8 | 'L', OV = 'O' << 8 | 'V', OW = 'O' << 8 | 'W', PN = 'P' << 8 | 'N', SH = 'S' << 8 | 'H',
    SL = 'S' << 8 | 'L', SQ = 'S' << 8 | 'Q', SS = 'S' << 8 | 'S', ST = 'S' << 8 | 'T', SV = 'S' << 8 | 'V',
    TM = 'T' << 8 | 'M', UC = 'U' << 8 | 'C', UI = 'U' << 8 | 'I', UL = 'U' << 8 | 'L', UN = 'U' << 8 | 'N',
    UR = 'U' << 8 | 'R', US = 'U' << 8 | 'S', UT = 'U' << 8 | 'T', UV = 'U' << 8 | 'V',
}

public sealed class DicomReadOptions
{
    public static DicomReadOptions Default { get; } = new();
    /// <summary>Stop when (7FE0,0010) Pixel Data (or Float/Double Float Pixel Data) is reached at the top level; it is not part of the dataset then.</summary>
    public bool StopBeforePixelData { get; init; }
    /// <summary>Values longer than this (bytes) are not loaded: the element records offset and length only (bulk data). Pixel Data is always bulk.</summary>
    public int BulkDataThreshold { get; init; } = 64 * 1024;
}

/// <summary>A Part 10 file (or a bare dataset) that has been read.</summary>
public sealed partial class DicomFile
{
    /// <summary>Parses bytes in memory (the whole file, 0-based offsets relative to <paramref name="bytes"/>).</summary>
    public static DicomFile Parse(ReadOnlyMemory<byte> bytes, DicomReadOptions? options = null) => throw new NotImplementedException();
    /// <summary>Reads forward from the stream's current position (treated as offset 0); bulk values are skipped (Seek when CanSeek, else read and discarded), never buffered. The caller owns and disposes the stream.</summary>
    public static Task<DicomFile> ReadAsync(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    /// <summary>File Meta Information (group 0002); empty when the input had none.</summary>
    public DicomDataset FileMetaInformation => throw new NotImplementedException();
    public DicomDataset Dataset => throw new NotImplementedException();
    /// <summary>The transfer syntax the dataset was read with (from File Meta, or detected when there is none).</summary>
    public string TransferSyntaxUid => throw new NotImplementedException();
    public bool HasPreamble => throw new NotImplementedException();
    /// <summary>0-based offset of the first byte of the main dataset.</summary>
    public long DatasetOffset => throw new NotImplementedException();
}

public sealed partial class DicomDataset : IEnumerable<DicomElement>
{
    public int Count => throw new NotImplementedException();
    public DicomCharacterSet CharacterSet => throw new NotImplementedException();
    public bool Contains(DicomTag tag) => throw new NotImplementedException();
    public bool TryGetElement(DicomTag tag, out DicomElement element) => throw new NotImplementedException();
    /// <summary>First value as text (decoded with the character set, padding removed; numbers and dates as their string form); null when absent or empty.</summary>
    public string? GetString(DicomTag tag) => throw new NotImplementedException();
    /// <summary>All values as text; empty array when absent.</summary>
    public string[] GetStrings(DicomTag tag) => throw new NotImplementedException();
    public IEnumerator<DicomElement> GetEnumerator() => throw new NotImplementedException();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

public sealed partial class DicomElement
{
    public DicomTag Tag => throw new NotImplementedException();
    public DicomVR VR => throw new NotImplementedException();
    /// <summary>0-based absolute offset of the value's first byte in the input.</summary>
    public long ValueOffset => throw new NotImplementedException();
    /// <summary>Length of the value field in bytes (for undefined length: the bytes up to, not including, the delimiter).</summary>
    public long ValueLength => throw new NotImplementedException();
    /// <summary>True when the value was not loaded (Pixel Data, values over the bulk threshold).</summary>
    public bool IsBulkData => throw new NotImplementedException();
    /// <summary>Items of a sequence; empty for other VRs.</summary>
    public IReadOnlyList<DicomDataset> Items => throw new NotImplementedException();
}

/// <summary>Specific Character Set (0008,0005) decoding.</summary>
public sealed partial class DicomCharacterSet
{
    public static DicomCharacterSet Default => throw new NotImplementedException();
}

public sealed class DicomJsonWriterOptions
{
    /// <summary>Binary values up to this many bytes are InlineBinary; longer ones and all bulk data get a BulkDataURI (when a factory is set; else InlineBinary is impossible for bulk data and the element is written with BulkDataURI null omitted).</summary>
    public int InlineBinaryThreshold { get; init; } = 1024;
    /// <summary>Builds the BulkDataURI for an element (given its tag path such as "00081140/0/00081150" and the element).</summary>
    public Func<string, DicomElement, string>? BulkDataUriFactory { get; init; }
}

/// <summary>Writes the DICOM JSON model (PS3.18 Annex F).</summary>
public static partial class DicomJsonWriter
{
    /// <summary>Writes one dataset as a JSON object. When <paramref name="include"/> is set, only top-level elements it accepts are written.</summary>
    public static void WriteDataset(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonWriterOptions? options = null, Func<DicomTag, bool>? include = null) => throw new NotImplementedException();
}

/// <summary>Any failure to read DICOM. Carries the 0-based byte offset and the tag path where it happened.</summary>
public class DicomException : Exception
{
    public DicomException(string reason, long offset, string tagPath) : base($"{reason} (at byte {offset}{(tagPath.Length > 0 ? ", " + tagPath : "")})")
    { Reason = reason; Offset = offset; TagPath = tagPath; }
    public string Reason { get; }
    public long Offset { get; }
    public string TagPath { get; }
}
