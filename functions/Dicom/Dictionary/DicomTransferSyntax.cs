namespace Serverless.Dicom;

/// <summary>How a transfer syntax encodes the dataset (PS3.5 §10 and Annex A).</summary>
public sealed class DicomTransferSyntax
{
    private DicomTransferSyntax(string uid, bool isExplicitVR, bool isBigEndian, bool isDeflated, bool isEncapsulated)
    {
        Uid = uid;
        IsExplicitVR = isExplicitVR;
        IsBigEndian = isBigEndian;
        IsDeflated = isDeflated;
        IsEncapsulated = isEncapsulated;
    }

    public string Uid { get; }
    public bool IsExplicitVR { get; }
    public bool IsBigEndian { get; }
    /// <summary>The dataset after the File Meta is a raw deflate stream (RFC 1951, PS3.5 §A.5).</summary>
    public bool IsDeflated { get; }
    /// <summary>Pixel Data is encapsulated (fragments in items, PS3.5 §A.4).</summary>
    public bool IsEncapsulated { get; }
    /// <summary>Registered in PS3.6 (the tables here are from 2022; later syntaxes such as HTJ2K are not).</summary>
    public bool IsKnown => DicomUids.TryGetInfo(Uid, out var info) && info.Type == "Transfer Syntax";

    public static DicomTransferSyntax ImplicitVRLittleEndian { get; } = new(DicomUids.ImplicitVRLittleEndian, false, false, false, false);
    public static DicomTransferSyntax ExplicitVRLittleEndian { get; } = new(DicomUids.ExplicitVRLittleEndian, true, false, false, false);
    public static DicomTransferSyntax DeflatedExplicitVRLittleEndian { get; } = new(DicomUids.DeflatedExplicitVRLittleEndian, true, false, true, false);
    public static DicomTransferSyntax ExplicitVRBigEndian { get; } = new(DicomUids.ExplicitVRBigEndian, true, true, false, false);

    /// <summary>The transfer syntax for a UID. Every syntax other than the four native/deflated ones (and the JPIP
    /// referenced ones, which carry no Pixel Data) is Explicit VR Little Endian with encapsulated Pixel Data
    /// (PS3.5 §10 and §A.4), which also holds for private or newer UIDs that are not in the registry.</summary>
    public static DicomTransferSyntax FromUid(string uid) => uid switch
    {
        DicomUids.ImplicitVRLittleEndian => ImplicitVRLittleEndian,
        DicomUids.ExplicitVRLittleEndian => ExplicitVRLittleEndian,
        DicomUids.DeflatedExplicitVRLittleEndian => DeflatedExplicitVRLittleEndian,
        DicomUids.ExplicitVRBigEndian => ExplicitVRBigEndian,
        "1.2.840.10008.1.20" => new DicomTransferSyntax(uid, false, false, false, false), // Papyrus 3 Implicit VR Little Endian (retired)
        "1.2.840.10008.1.2.4.94" => new DicomTransferSyntax(uid, true, false, false, false), // JPIP Referenced
        "1.2.840.10008.1.2.4.95" => new DicomTransferSyntax(uid, true, false, true, false), // JPIP Referenced Deflate
        _ => new DicomTransferSyntax(uid, true, false, false, true),
    };

    public override string ToString() => Uid;
}
