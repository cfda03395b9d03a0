namespace Serverless.Dicom;

/// <summary>How a PS3.6 entry's VR column is ambiguous ("US or SS", "OB or OW", ...).</summary>
public enum DicomVRAmbiguity : byte
{
    None = 0,
    /// <summary>"US or SS": signed when Pixel Representation (0028,0103) is 1 (PS3.5 Annex A.1 note).</summary>
    UsOrSs = 1,
    /// <summary>"OB or OW": OW in Implicit VR Little Endian (PS3.5 §A.1), OB when encapsulated (PS3.5 §A.4).</summary>
    ObOrOw = 2,
    UsOrSsOrOw = 3,
    UsOrOw = 4,
}

/// <summary>One row of the PS3.6 data dictionary.</summary>
/// <param name="Tag">The tag; for a repeating-group entry (e.g. 60xx3000) the one that was looked up.</param>
/// <param name="VR">The VR; for an ambiguous entry the one used when nothing else decides (see <see cref="Ambiguity"/>).</param>
/// <param name="Ambiguity">Whether the dictionary lists alternatives.</param>
/// <param name="ValueMultiplicity">e.g. "1", "1-n", "2-2n".</param>
/// <param name="Keyword">e.g. "PatientName".</param>
/// <param name="Name">e.g. "Patient's Name".</param>
/// <param name="IsRetired">Retired in PS3.6.</param>
public readonly record struct DicomDictionaryEntry(
    DicomTag Tag, DicomVR VR, DicomVRAmbiguity Ambiguity, string ValueMultiplicity, string Keyword, string Name, bool IsRetired);
