using System.Security.Cryptography;
using System.Text;

namespace Serverless.Archive.Storage;

/// <summary>
/// The one place that builds every persisted name: blob names and table keys.
/// Names carry no UIDs and no patient data (a share link shows the blob name), yet are
/// deterministic, so a retried upload lands on the same blob and the conflict check works.
/// </summary>
public static class ArchiveNames
{
    /// <summary>Index table with one row per study (partition = study key).</summary>
    public static string StudiesTable(string tablePrefix) => tablePrefix + "studies";

    /// <summary>Index table with one row per instance (partition = study key, row = series key-instance key).</summary>
    public static string InstancesTable(string tablePrefix) => tablePrefix + "instances";

    /// <summary>Table of which blob holds each SOP Instance UID (see SopInstanceClaims).</summary>
    public static string SopInstancesTable(string tablePrefix) => tablePrefix + "sopinstances";

    /// <summary>Every table the archive uses (the deployment template creates the same list).</summary>
    public static string[] AllTables(string tablePrefix) =>
        [StudiesTable(tablePrefix), InstancesTable(tablePrefix), SopInstancesTable(tablePrefix)];

    /// <summary>Folder of instances stored through STOW-RS. Blobs copied in by other means may have any name.</summary>
    public const string StowPrefix = "stow/";

    /// <summary>Blob name for an instance stored through STOW: "stow/{h}/{h}.dcm", h = key of the SOP Instance UID.</summary>
    public static string InstanceBlobName(string sopInstanceUid)
    {
        string key = Key(sopInstanceUid);
        return $"{StowPrefix}{key[..2]}/{key}.dcm";
    }

    /// <summary>Table key for a UID: the first 128 bits of SHA-256 over "dicom-uid:" + UID, lower-case hex (32 chars).</summary>
    public static string Key(string uid)
    {
        Span<byte> hash = stackalloc byte[32];
        int max = Encoding.ASCII.GetMaxByteCount(uid.Length) + 10;
        byte[] buffer = new byte[max];
        int n = Encoding.ASCII.GetBytes("dicom-uid:", buffer);
        n += Encoding.ASCII.GetBytes(uid, buffer.AsSpan(n));
        SHA256.HashData(buffer.AsSpan(0, n), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>Row key of an instance row inside its study partition.</summary>
    public static string InstanceRowKey(string seriesUid, string sopInstanceUid) => Key(seriesUid) + "-" + Key(sopInstanceUid);

    /// <summary>Upper bound (exclusive) for a range query over all instance rows of one series.</summary>
    public static (string From, string To) SeriesRowRange(string seriesUid)
    {
        string k = Key(seriesUid);
        return (k + "-", k + ".");   // '.' sorts right after '-'
    }
}
