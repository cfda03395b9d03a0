namespace Serverless.Dicom;

/// <summary>A Part 10 file (or a bare dataset) that has been read.</summary>
/// <remarks>
/// Offsets (<see cref="DicomElement.ValueOffset"/>, <see cref="DicomFragment.Offset"/>, <see cref="DatasetOffset"/>)
/// are 0-based byte positions in the input. For a deflated transfer syntax (1.2.840.10008.1.2.1.99) the dataset is
/// stored compressed, so offsets of dataset elements are positions in the File Meta bytes followed by the
/// <em>inflated</em> dataset (the File Meta part equals the file); they cannot be used for range reads of the file.
/// </remarks>
public sealed partial class DicomFile
{
    private readonly DicomReaderState _state;

    internal DicomFile(DicomDataset fileMeta, DicomDataset dataset, DicomReaderState state)
    {
        FileMetaInformation = fileMeta;
        Dataset = dataset;
        _state = state;
    }

    /// <summary>Parses bytes in memory (the whole file, 0-based offsets relative to <paramref name="bytes"/>).
    /// Values point into <paramref name="bytes"/> (no copy), which the caller must not change afterwards.</summary>
    /// <exception cref="DicomException">The data is not well-formed DICOM.</exception>
    public static DicomFile Parse(ReadOnlyMemory<byte> bytes, DicomReadOptions? options = null) =>
        DicomFileReader.Parse(bytes, options ?? DicomReadOptions.Default);

    /// <summary>Reads forward from the stream's current position (treated as offset 0); bulk values are skipped
    /// (Seek when CanSeek, else read and discarded), never buffered. Loaded values are copied. Memory use is
    /// bounded by the loaded values plus one buffer, whatever the file size. The caller owns and disposes the stream;
    /// afterwards its position is unspecified (reading stops at the end, or early with <see cref="DicomReadOptions.StopBeforePixelData"/>).</summary>
    /// <exception cref="DicomException">The data is not well-formed DICOM (exceptions of the stream itself pass through).</exception>
    public static Task<DicomFile> ReadAsync(Stream stream, DicomReadOptions? options = null, CancellationToken cancellationToken = default) =>
        DicomFileReader.ReadAsync(stream, options ?? DicomReadOptions.Default, cancellationToken);

    /// <summary>File Meta Information (group 0002); empty when the input had none.</summary>
    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax the dataset was read with (from File Meta, or detected when there is none).</summary>
    public string TransferSyntaxUid => _state.TransferSyntax?.Uid ?? DicomUids.ImplicitVRLittleEndian;

    public DicomTransferSyntax TransferSyntax => _state.TransferSyntax ?? DicomTransferSyntax.ImplicitVRLittleEndian;

    public bool HasPreamble => _state.HasPreamble;

    /// <summary>0-based offset of the first byte of the main dataset.</summary>
    public long DatasetOffset => Math.Max(0, _state.DatasetOffset);

    /// <summary>Deviations from the standard that were tolerated while reading (empty for a conformant file).</summary>
    public IReadOnlyList<string> Warnings => _state.Warnings;
}
