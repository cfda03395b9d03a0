using Azure;
using Azure.Data.Tables;
using Serverless.Archive.Storage;

namespace Serverless.Archive.Indexing;

/// <summary>
/// Which blob holds each SOP Instance UID. The first blob indexed for a UID keeps it for as long as that blob
/// exists, so a blob copied in later with other bytes under the same UID (azcopy, the SDK) cannot change what
/// WADO-RS and share links serve: the same guarantee STOW-RS gives with 0x0111.
/// </summary>
/// <remarks>One row per UID (partition = key of the UID): inserts are atomic, so two blobs racing for one UID
/// cannot both win. A claim whose blob was deleted passes to the next blob indexed for the UID.</remarks>
public sealed class SopInstanceClaims(ArchiveStore store)
{
    private const int MaxAttempts = 4;

    /// <summary>Claims <paramref name="sopInstanceUid"/> for <paramref name="blobName"/>; returns the blob that holds
    /// it afterwards: <paramref name="blobName"/> itself, or another blob that claimed it first and still exists.</summary>
    public async Task<string> ClaimAsync(string sopInstanceUid, string blobName, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(ArchiveNames.Key(sopInstanceUid), "")
        {
            [IndexColumns.SOPInstanceUID] = sopInstanceUid,
            [IndexColumns.Blob] = blobName,
        };
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await store.SopInstances.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
                return blobName;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
            }

            // Claims are never deleted (a claim on a deleted blob passes on below), so the row is there.
            TableEntity existing = (await store.SopInstances.GetEntityAsync<TableEntity>(claim.PartitionKey, claim.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            string holder = existing.GetString(IndexColumns.Blob) ?? "";
            if (holder == blobName) return blobName;
            if (holder.Length > 0 && await store.Instances.GetBlobClient(holder).ExistsAsync(cancellationToken).ConfigureAwait(false)) return holder;
            try
            {
                // The holder was deleted: take the UID over, unless someone else just did.
                await store.SopInstances.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return blobName;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxAttempts)
            {
            }
        }
    }
}
