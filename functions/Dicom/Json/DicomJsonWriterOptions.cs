namespace Serverless.Dicom;

public sealed class DicomJsonWriterOptions
{
    /// <summary>Binary values up to this many bytes are InlineBinary; longer ones and all bulk data get a BulkDataURI
    /// (when a factory is set; else InlineBinary is impossible for bulk data and the element is written with only "vr").</summary>
    public int InlineBinaryThreshold { get; init; } = 1024;

    /// <summary>Builds the BulkDataURI for an element (given its tag path such as "00081140/0/00081150" and the element).</summary>
    public Func<string, DicomElement, string>? BulkDataUriFactory { get; init; }
}
