namespace Serverless.Archive.Stow;

/// <summary>Failure Reason (0008,1197) values the archive uses in STOW-RS responses (PS3.18 §10.5.3, PS3.4 Annex B).</summary>
public static class FailureReasons
{
    /// <summary>0xC000 Error: Cannot understand — the part is not DICOM or cannot be parsed.</summary>
    public const ushort CannotUnderstand = 0xC000;
    /// <summary>0xA900 Error: Data Set does not match SOP Class — a required UID is missing, invalid, or the study does not match the URL.</summary>
    public const ushort DataSetDoesNotMatchSopClass = 0xA900;
    /// <summary>0x0111 Duplicate SOP Instance — different bytes are already stored under this SOP Instance UID.</summary>
    public const ushort DuplicateSopInstance = 0x0111;
    /// <summary>0x0110 Processing failure — storage did not accept the instance.</summary>
    public const ushort ProcessingFailure = 0x0110;
    /// <summary>0xA700 Out of resources — the part is larger than the archive accepts.</summary>
    public const ushort OutOfResources = 0xA700;
}
