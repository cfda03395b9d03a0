using System.Buffers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Archive.Http;
using Serverless.Archive.Indexing;
using Serverless.Archive.Storage;
using Serverless.Dicom;

namespace Serverless.Archive.Stow;

/// <summary>
/// STOW-RS (PS3.18 §10.5): stores each part byte for byte under a name derived from its SOP Instance UID, then
/// indexes it. Each part is spooled to a temporary file so memory does not grow with the request; one bad part
/// never fails the others, and nothing already stored is changed.
/// </summary>
public sealed class StowService(ArchiveStore store, InstanceIndexer indexer, IOptions<ArchiveOptions> options, ILogger<StowService> logger)
{
    private const string Sha256Metadata = "sha256";
    private static readonly DicomReadOptions FullRead = new();

    public async Task<StowResponse> StoreAsync(HttpRequest request, string? studyInstanceUid, string dicomWebRoot, CancellationToken cancellationToken)
    {
        if (studyInstanceUid is not null) DicomUid.Require(studyInstanceUid, "Study Instance UID in the URL");
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        var results = new List<StowInstanceResult>();
        bool multipart = !string.IsNullOrEmpty(request.ContentType) && MediaRange.Parse(request.ContentType)?.Is("multipart/related") == true;
        bool lastPartCutOff = false;
        await using IAsyncEnumerator<StowRequestReader.Part> parts = StowRequestReader.ReadPartsAsync(request, options.Value.MaxInstanceBytes, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await parts.MoveNextAsync().ConfigureAwait(false)) break;
            }
            catch (ArchiveRequestException e) when (results.Count > 0)
            {
                // Parts before the break are stored and stay stored: report them, and the break as a failure
                // (once: a part cut off by the break has already been reported).
                if (!lastPartCutOff)
                    results.Add(StowInstanceResult.Failed(FailureReasons.CannotUnderstand, $"Part {results.Count + 1}: {e.Message}"));
                break;
            }
            StowInstanceResult result = await StorePartAsync(parts.Current, studyInstanceUid, dicomWebRoot, multipart, cancellationToken).ConfigureAwait(false);
            lastPartCutOff = result.FailureReason is not null && result.Comment == CutOffComment(multipart);
            // Failures without UIDs cannot be told apart by a client otherwise.
            if (multipart && result.FailureReason is not null) result = result with { Comment = $"Part {results.Count + 1}: {result.Comment}" };
            results.Add(result);
        }
        if (results.Count == 0)
            throw ArchiveRequestException.BadRequest("The multipart body has no parts; nothing was stored.");
        string? studyUrl = studyInstanceUid is null ? null : $"{dicomWebRoot}/studies/{studyInstanceUid}";
        return new StowResponse(studyUrl, results);
    }

    private static string CutOffComment(bool multipart) => multipart
        ? "The part ends before its closing boundary; nothing of it was stored."
        : "The body ended before all of it arrived (the client stopped sending); nothing was stored.";

    private async Task<StowInstanceResult> StorePartAsync(StowRequestReader.Part part, string? expectedStudy, string root, bool multipart, CancellationToken cancellationToken)
    {
        if (part.ContentType is { } ct && !IsApplicationDicom(ct))
            return StowInstanceResult.Failed(FailureReasons.CannotUnderstand, $"The part's Content-Type is '{ct}', not application/dicom.");

        string path = Path.Combine(Path.GetTempPath(), "stow-" + Guid.NewGuid().ToString("N") + ".part");
        await using var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);

        long size;
        string? sha256;
        try
        {
            (size, sha256) = await SpoolAsync(part.Body, spool, options.Value.MaxInstanceBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            return StowInstanceResult.Failed(FailureReasons.CannotUnderstand, CutOffComment(multipart));
        }
        if (sha256 is null)
            return StowInstanceResult.Failed(FailureReasons.OutOfResources, $"The part is larger than the {options.Value.MaxInstanceBytes} bytes this archive accepts per instance.");
        if (size == 0)
            return StowInstanceResult.Failed(FailureReasons.CannotUnderstand, "The part is empty.");

        DicomFile file;
        try
        {
            spool.Position = 0;
            file = await DicomFile.ReadAsync(spool, FullRead, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomException e)
        {
            return StowInstanceResult.Failed(FailureReasons.CannotUnderstand, "The part is not DICOM that can be read: " + Shorten(e.Message));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "DICOM reader failed unexpectedly on a STOW part of {Size} bytes", size);
            return StowInstanceResult.Failed(FailureReasons.CannotUnderstand, "The part could not be parsed as DICOM.");
        }

        DicomDataset ds = file.Dataset;
        if (!InstanceIndexer.TryReadIdentity(ds, out InstanceIdentity? id, out string? reason))
            return StowInstanceResult.Failed(FailureReasons.DataSetDoesNotMatchSopClass, reason!,
                ValidOrNull(ds.GetString(DicomTag.SOPClassUID)), ValidOrNull(ds.GetString(DicomTag.SOPInstanceUID)));
        if (expectedStudy is not null && id.StudyInstanceUid != expectedStudy)
            return StowInstanceResult.Failed(FailureReasons.DataSetDoesNotMatchSopClass,
                $"The instance belongs to study {id.StudyInstanceUid}, not to study {expectedStudy} named in the URL.", id.SopClassUid, id.SopInstanceUid);

        string blobName = ArchiveNames.InstanceBlobName(id.SopInstanceUid);
        BlobClient blob = store.Instances.GetBlobClient(blobName);
        ETag etag;
        bool created = false;
        try
        {
            spool.Position = 0;
            BlobContentInfo info = (await blob.UploadAsync(spool, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/dicom" },
                Metadata = new Dictionary<string, string> { [Sha256Metadata] = sha256 },
                // Create-only: an existing instance is never overwritten.
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                // Bounds upload buffers (concurrency x block size), whatever the instance size.
                TransferOptions = new Azure.Storage.StorageTransferOptions { InitialTransferSize = 8 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024, MaximumConcurrency = 4 },
            }, cancellationToken).ConfigureAwait(false)).Value;
            etag = info.ETag;
            created = true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            BlobProperties existing;
            try
            {
                existing = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException e2)
            {
                logger.LogError(e2, "Could not read the stored instance {BlobName} to compare", blobName);
                return StowInstanceResult.Failed(FailureReasons.ProcessingFailure, "Storage did not answer while checking the already stored instance; try again.", id.SopClassUid, id.SopInstanceUid);
            }
            if (!existing.Metadata.TryGetValue(Sha256Metadata, out string? storedHash) || storedHash != sha256 || existing.ContentLength != size)
                return Duplicate(id);
            etag = existing.ETag;   // same bytes again: success, nothing new stored
        }
        catch (RequestFailedException e)
        {
            logger.LogError(e, "Storing {BlobName} failed with {Status}", blobName, e.Status);
            return StowInstanceResult.Failed(FailureReasons.ProcessingFailure, $"Storage refused the instance ({e.Status} {e.ErrorCode}); nothing was stored.", id.SopClassUid, id.SopInstanceUid);
        }

        return await IndexStoredAsync(blob, etag, created, size, sha256, file, id, root, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Indexes what was just stored. A blob copied in without STOW may already hold the SOP Instance UID
    /// (<see cref="SopInstanceClaims"/>): it stays what the archive serves, our copy is removed, and the answer says
    /// whether the bytes were the same (success, nothing new stored) or not (0x0111).
    /// </summary>
    private async Task<StowInstanceResult> IndexStoredAsync(BlobClient blob, ETag etag, bool created, long size, string sha256,
        DicomFile file, InstanceIdentity id, string root, CancellationToken cancellationToken)
    {
        var stored = new StowInstanceResult(id.SopClassUid, id.SopInstanceUid,
            $"{root}/studies/{id.StudyInstanceUid}/series/{id.SeriesInstanceUid}/instances/{id.SopInstanceUid}", null, null);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            IndexOutcome indexed;
            bool? same;
            try
            {
                indexed = await indexer.IndexAsync(blob.Name, size, etag, file, cancellationToken).ConfigureAwait(false);
                if (indexed is not { Kind: IndexOutcomeKind.HeldByAnotherBlob, HeldBy: { } holder }) return stored;
                same = await HoldsSameBytesAsync(holder, size, sha256, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e)
            {
                // Stored but not indexed: the index may yet refuse it (a copy holding the UID), so do not claim
                // success. Sending the same bytes again completes it.
                logger.LogWarning(e, "Indexing {BlobName} after STOW failed with {Status}", blob.Name, e.Status);
                return StowInstanceResult.Failed(FailureReasons.ProcessingFailure,
                    "The instance was received but the index did not answer; send it again (the same bytes are accepted again).", id.SopClassUid, id.SopInstanceUid);
            }
            if (same is null) continue;   // the holder was deleted meanwhile: the UID is free, index again
            if (created)
            {
                try
                {
                    await blob.DeleteIfExistsAsync(conditions: new BlobRequestConditions { IfMatch = etag }, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException e)
                {
                    // Harmless: an unindexed copy that the index will keep refusing while the holder exists.
                    logger.LogWarning(e, "Could not remove {BlobName}, whose UID another blob holds", blob.Name);
                }
            }
            return same.Value ? stored : Duplicate(id);
        }
        return StowInstanceResult.Failed(FailureReasons.ProcessingFailure, "The stored objects changed while this instance was indexed; send it again.", id.SopClassUid, id.SopInstanceUid);
    }

    private static StowInstanceResult Duplicate(InstanceIdentity id) => StowInstanceResult.Failed(FailureReasons.DuplicateSopInstance,
        $"A different object is already stored under SOP Instance UID {id.SopInstanceUid}; the stored object was kept unchanged.",
        id.SopClassUid, id.SopInstanceUid);

    /// <summary>Whether the blob <paramref name="blobName"/> holds exactly <paramref name="size"/> bytes with this SHA-256
    /// (from its metadata when STOW wrote it, else hashed as it streams: a rare path, for blobs copied in).</summary>
    /// <returns>Null when the blob no longer exists.</returns>
    private async Task<bool?> HoldsSameBytesAsync(string blobName, long size, string sha256, CancellationToken cancellationToken)
    {
        BlobClient holder = store.Instances.GetBlobClient(blobName);
        BlobProperties properties;
        try
        {
            properties = (await holder.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        if (properties.ContentLength != size) return false;
        if (properties.Metadata.TryGetValue(Sha256Metadata, out string? stored)) return stored == sha256;
        // Pinned to the version just read (allowModifications: false): a concurrent change fails the read (412).
        await using Stream stream = await holder.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken).ConfigureAwait(false);
        byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash) == sha256;
    }

    /// <summary>Copies the part to the spool file while hashing it; returns a null hash when the part exceeds <paramref name="max"/>.</summary>
    private static async Task<(long Size, string? Sha256)> SpoolAsync(Stream body, Stream spool, long max, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        bool tooLarge = false;
        try
        {
            int n;
            while ((n = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += n;
                if (total > max) { tooLarge = true; continue; }   // keep draining so the next part can be read
                hash.AppendData(buffer, 0, n);
                await spool.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        await spool.FlushAsync(cancellationToken).ConfigureAwait(false);
        return tooLarge ? (total, null) : (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static bool IsApplicationDicom(string contentType) =>
        MediaRange.Parse(contentType)?.Is("application/dicom") == true;

    /// <summary>Keeps a comment readable: a tag path 256 sequences deep is not.</summary>
    private static string Shorten(string message, int max = 300) =>
        message.Length <= max ? message : message[..(max / 2)] + " ... " + message[^(max / 2)..];

    private static string? ValidOrNull(string? uid) => DicomUid.IsValid(uid) ? uid : null;
}
