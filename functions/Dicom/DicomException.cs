namespace Serverless.Dicom;

/// <summary>Any failure to read DICOM. Carries the 0-based byte offset and the tag path where it happened.</summary>
/// <remarks>The library throws only this type (and its subclasses) for bad input, plus <see cref="OperationCanceledException"/>
/// on cancellation and whatever the caller's <see cref="Stream"/> throws.</remarks>
public class DicomException : Exception
{
    public DicomException(string reason, long offset, string tagPath)
        : base($"{reason} (at byte {offset}{(tagPath.Length > 0 ? ", " + tagPath : "")})")
    {
        Reason = reason;
        Offset = offset;
        TagPath = tagPath;
    }

    public DicomException(string reason, long offset, string tagPath, Exception? innerException)
        : base($"{reason} (at byte {offset}{(tagPath.Length > 0 ? ", " + tagPath : "")})", innerException)
    {
        Reason = reason;
        Offset = offset;
        TagPath = tagPath;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>0-based byte offset in the input (for deflated data: in the inflated stream, see <see cref="DicomFile"/>).</summary>
    public long Offset { get; }

    /// <summary>Where in the dataset tree, e.g. <c>(0040,0275)[0].(0008,1150)</c>; empty at the top level before any element.</summary>
    public string TagPath { get; }
}

/// <summary>The input is not well-formed DICOM: bad structure, lengths past the end, nesting too deep, truncation.</summary>
public sealed class DicomFormatException : DicomException
{
    public DicomFormatException(string reason, long offset, string tagPath) : base(reason, offset, tagPath) { }

    public DicomFormatException(string reason, long offset, string tagPath, Exception? innerException)
        : base(reason, offset, tagPath, innerException) { }
}
