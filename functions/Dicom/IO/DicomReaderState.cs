namespace Serverless.Dicom;

internal enum DicomSyntax : byte { ExplicitLittle, ImplicitLittle, ExplicitBig }

internal enum DicomReaderPhase : byte { Start, FileMeta, DetectDataset, Dataset, Done }

internal enum DicomFrameKind : byte { Sequence, Item, Fragments }

/// <summary>An open sequence, item or encapsulated Pixel Data value.</summary>
internal struct DicomReaderFrame
{
    public uint Tag;
    public DicomFrameKind Kind;
    /// <summary>How elements and items inside are encoded (UN sequences switch to Implicit VR LE, PS3.5 §6.2.2).</summary>
    public DicomSyntax Syntax;
    /// <summary>Absolute offset just past the value; -1 for undefined length.</summary>
    public long End;
    /// <summary>Absolute offset of the first byte of the value.</summary>
    public long ValueOffset;
    /// <summary>Sequence: items started so far. Item: its 0-based index.</summary>
    public int Index;
}

/// <summary>What a <see cref="DicomReader"/> must remember between buffers (like <c>JsonReaderState</c>).
/// Copy it out with <see cref="DicomReader.CurrentState"/> and pass it to the reader for the next buffer.</summary>
/// <remarks>Holds a reference to a small frame stack shared by copies: use one state with one reader at a time.</remarks>
public struct DicomReaderState
{
    /// <summary>Sequences may nest this deep; deeper input is rejected (bounded work and stack for every consumer).</summary>
    public const int MaxSequenceDepth = 256;

    internal long _position;
    internal long _pendingSkip;
    internal DicomReaderPhase _phase;
    internal DicomSyntax _syntax;
    internal bool _stopBeforePixelData;
    internal int _bulkThreshold;
    internal bool _hasPreamble;
    internal bool _hasFileMeta;
    internal long _datasetOffset;
    internal long _fileMetaEnd = -1;
    internal string? _declaredTransferSyntax;
    internal DicomTransferSyntax? _transferSyntax;
    internal DicomReaderFrame[]? _frames;
    internal int _frameCount;
    internal int _sequenceDepth;
    internal List<string>? _warnings;
    internal bool _initialized;

    public DicomReaderState(DicomReadOptions? options)
    {
        options ??= DicomReadOptions.Default;
        _stopBeforePixelData = options.StopBeforePixelData;
        _bulkThreshold = Math.Max(0, options.BulkDataThreshold);
        _datasetOffset = -1;
        _fileMetaEnd = -1;
        _initialized = true;
    }

    /// <summary>Absolute 0-based offset of the next byte the reader wants (bytes skipped as bulk data included).</summary>
    public readonly long Position => _position;

    /// <summary>Bytes of a bulk value (or fragment) still to be skipped before the next buffer's data is read.
    /// The driver may skip them itself (Seek, or read and discard) and report it with <see cref="AdvanceSkip"/>;
    /// otherwise the reader consumes them from the next buffers.</summary>
    public readonly long PendingSkip => _pendingSkip;

    public readonly bool IsFinished => _phase == DicomReaderPhase.Done;
    public readonly bool HasPreamble => _hasPreamble;
    public readonly bool HasFileMeta => _hasFileMeta;
    /// <summary>0-based offset of the first byte of the dataset; -1 until <see cref="DicomTokenType.StartDataset"/>.</summary>
    public readonly long DatasetOffset => _datasetOffset;
    /// <summary>(0002,0010) as written in the File Meta (trailing NUL/space removed), or null.</summary>
    public readonly string? DeclaredTransferSyntaxUid => _declaredTransferSyntax;
    /// <summary>How the dataset is read; null until <see cref="DicomTokenType.StartDataset"/>.</summary>
    public readonly DicomTransferSyntax? TransferSyntax => _transferSyntax;
    /// <summary>What was tolerated while reading (e.g. a body in implicit VR although the File Meta says explicit).</summary>
    public readonly IReadOnlyList<string> Warnings => (IReadOnlyList<string>?)_warnings ?? [];

    /// <summary>Records that the driver skipped <paramref name="count"/> bytes of <see cref="PendingSkip"/> itself.</summary>
    public void AdvanceSkip(long count)
    {
        if (count < 0 || count > _pendingSkip) throw new ArgumentOutOfRangeException(nameof(count));
        _pendingSkip -= count;
        _position += count;
    }

    internal void AddWarning(string warning) => (_warnings ??= []).Add(warning);
}
