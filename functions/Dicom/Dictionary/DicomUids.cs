namespace Serverless.Dicom;

/// <summary>One registered UID (PS3.6 Annex A).</summary>
/// <param name="Uid">e.g. "1.2.840.10008.1.2.1".</param>
/// <param name="Name">e.g. "Explicit VR Little Endian".</param>
/// <param name="Type">e.g. "Transfer Syntax", "SOP Class".</param>
/// <param name="Keyword">e.g. "ExplicitVRLittleEndian".</param>
/// <param name="IsRetired">Retired in PS3.6.</param>
public sealed record DicomUidInfo(string Uid, string Name, string Type, string Keyword, bool IsRetired);

/// <summary>The UID registry (generated part in DicomUids.Generated.cs).</summary>
public static partial class DicomUids
{
    public const string ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVRBigEndian = "1.2.840.10008.1.2.2";

    /// <summary>All registered UIDs, ordered by UID.</summary>
    public static IReadOnlyList<DicomUidInfo> All => s_all;

    public static bool TryGetInfo(string uid, out DicomUidInfo info)
    {
        int lo = 0, hi = s_all.Length - 1;
        while (lo <= hi)
        {
            int mid = lo + (hi - lo) / 2;
            int c = string.CompareOrdinal(s_all[mid].Uid, uid);
            if (c == 0) { info = s_all[mid]; return true; }
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        info = null!;
        return false;
    }
}
