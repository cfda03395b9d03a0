namespace Serverless.Dicom;

public sealed class DicomReadOptions
{
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Stop when (7FE0,0010) Pixel Data (or (7FE0,0008) Float / (7FE0,0009) Double Float Pixel Data) is reached at the top level; it is not part of the dataset then, and nothing after it is read.</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>Values longer than this (bytes) are not loaded: the element records offset and length only (bulk data). Pixel Data is always bulk.</summary>
    public int BulkDataThreshold { get; init; } = 64 * 1024;
}
