using Azure.Data.Tables;

namespace Serverless.Archive.Indexing;

/// <summary>One instance as the index knows it.</summary>
public sealed record IndexedInstance(
    string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid,
    string BlobName, string? TransferSyntaxUid, long Size, int? InstanceNumber)
{
    public static IndexedInstance FromEntity(TableEntity e) => new(
        e.GetString(IndexColumns.StudyInstanceUID), e.GetString(IndexColumns.SeriesInstanceUID),
        e.GetString(IndexColumns.SOPInstanceUID), e.GetString(IndexColumns.SOPClassUID),
        e.GetString(IndexColumns.Blob), e.GetString(IndexColumns.TransferSyntaxUID),
        e.GetInt64(IndexColumns.Size) ?? 0,
        int.TryParse(e.GetString(IndexColumns.InstanceNumber), out int n) ? n : null);
}
