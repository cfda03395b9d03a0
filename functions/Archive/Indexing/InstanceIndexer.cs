using System.Buffers;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Serverless.Archive.Http;
using Serverless.Archive.Storage;
using Serverless.Dicom;

namespace Serverless.Archive.Indexing;

/// <summary>
/// Reads a stored instance and writes its study and instance rows. Idempotent: the rows are keyed by UIDs and
/// replaced whole, so indexing the same blob twice (STOW inline, then the blob trigger) changes nothing.
/// A blob whose SOP Instance UID another existing blob already holds is left unindexed (<see cref="SopInstanceClaims"/>).
/// </summary>
public sealed class InstanceIndexer(ArchiveStore store, SopInstanceClaims claims, ILogger<InstanceIndexer> logger)
{
    // Azure Tables allows 64 KiB per string property, counted as UTF-16: stay well inside it.
    private const int MaxJsonChars = 30_000;
    private const int MaxExtraValueBytes = 256;

    public static readonly DicomReadOptions MetadataReadOptions = new() { StopBeforePixelData = true };

    /// <summary>Indexes the blob with the given name in the instances container (any name: blobs copied in without STOW too).</summary>
    public async Task<IndexOutcome> IndexBlobAsync(string blobName, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        BlobClient blob = store.Instances.GetBlobClient(blobName);
        DicomFile file;
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            await using Stream stream = await blob.OpenReadAsync(
                new BlobOpenReadOptions(allowModifications: false) { BufferSize = 256 * 1024 }, cancellationToken).ConfigureAwait(false);
            file = await DicomFile.ReadAsync(stream, MetadataReadOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new IndexOutcome(IndexOutcomeKind.BlobNotFound, "The blob no longer exists.");
        }
        catch (DicomException e)
        {
            logger.LogWarning("Blob {BlobName} is not readable DICOM: {Reason}", blobName, e.Message);
            return new IndexOutcome(IndexOutcomeKind.NotDicom, e.Message);
        }
        return await IndexAsync(blobName, properties.ContentLength, properties.ETag, file, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the rows for an instance that has already been read (STOW reads it once and indexes inline).</summary>
    public async Task<IndexOutcome> IndexAsync(string blobName, long size, ETag etag, DicomFile file, CancellationToken cancellationToken)
    {
        if (!TryReadIdentity(file.Dataset, out InstanceIdentity? id, out string? reason))
        {
            logger.LogWarning("Blob {BlobName} cannot be indexed: {Reason}", blobName, reason);
            return new IndexOutcome(IndexOutcomeKind.MissingAttributes, reason);
        }
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        string holder = await claims.ClaimAsync(id.SopInstanceUid, blobName, cancellationToken).ConfigureAwait(false);
        if (holder != blobName)
        {
            logger.LogWarning("Blob {BlobName} was not indexed: its SOP Instance UID is already held by blob {Holder}", blobName, holder);
            return new IndexOutcome(IndexOutcomeKind.HeldByAnotherBlob,
                $"SOP Instance UID {id.SopInstanceUid} is already held by another stored object; this copy was not indexed.", id, holder);
        }
        DicomDataset ds = file.Dataset;
        string studyKey = ArchiveNames.Key(id.StudyInstanceUid);
        string studyJson = ToJson(ds, IndexedAttributes.Study.Contains);

        var study = new TableEntity(studyKey, "")
        {
            [IndexColumns.StudyInstanceUID] = id.StudyInstanceUid,
            [IndexColumns.StudyJson] = studyJson,
        };
        AddStudyMatchColumns(study, ds);

        var instance = new TableEntity(studyKey, ArchiveNames.InstanceRowKey(id.SeriesInstanceUid, id.SopInstanceUid))
        {
            [IndexColumns.StudyInstanceUID] = id.StudyInstanceUid,
            [IndexColumns.SeriesInstanceUID] = id.SeriesInstanceUid,
            [IndexColumns.SOPInstanceUID] = id.SopInstanceUid,
            [IndexColumns.SOPClassUID] = id.SopClassUid,
            [IndexColumns.Modality] = ds.GetString(DicomTag.Modality),
            [IndexColumns.SeriesNumber] = ds.GetString(DicomTag.SeriesNumber),
            [IndexColumns.SeriesDescription] = ds.GetString(DicomTag.SeriesDescription),
            [IndexColumns.InstanceNumber] = ds.GetString(DicomTag.InstanceNumber),
            [IndexColumns.NumberOfFrames] = ds.GetString(DicomTag.NumberOfFrames),
            [IndexColumns.TransferSyntaxUID] = file.TransferSyntaxUid,
            [IndexColumns.Blob] = blobName,
            [IndexColumns.Size] = size,
            [IndexColumns.BlobETag] = etag.ToString(),
            [IndexColumns.SeriesJson] = ToJson(ds, IndexedAttributes.Series.Contains),
            [IndexColumns.InstanceJson] = ToJson(ds, IndexedAttributes.Instance.Contains),
            [IndexColumns.ExtraJson] = ToJson(ds, ExtraAttributes(ds).Contains),
            [IndexColumns.StudyJson] = studyJson,
        };
        AddStudyMatchColumns(instance, ds);

        await store.InstanceIndex.UpsertEntityAsync(instance, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await store.Studies.UpsertEntityAsync(study, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Indexed blob {BlobName} ({Size} bytes)", blobName, size);
        return new IndexOutcome(IndexOutcomeKind.Indexed, Instance: id);
    }

    /// <summary>Reads the four UIDs the archive needs; <paramref name="reason"/> says which is missing or invalid.</summary>
    public static bool TryReadIdentity(DicomDataset ds, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out InstanceIdentity? identity, out string? reason)
    {
        identity = null;
        var problems = new List<string>(4);
        string? study = Check(ds, DicomTag.StudyInstanceUID, "Study Instance UID (0020,000D)", problems);
        string? series = Check(ds, DicomTag.SeriesInstanceUID, "Series Instance UID (0020,000E)", problems);
        string? sop = Check(ds, DicomTag.SOPInstanceUID, "SOP Instance UID (0008,0018)", problems);
        string? sopClass = Check(ds, DicomTag.SOPClassUID, "SOP Class UID (0008,0016)", problems);
        if (problems.Count > 0)
        {
            reason = string.Join("; ", problems);
            return false;
        }
        reason = null;
        identity = new InstanceIdentity(study!, series!, sop!, sopClass!);
        return true;
    }

    private static string? Check(DicomDataset ds, DicomTag tag, string name, List<string> problems)
    {
        string? value = ds.GetString(tag);
        if (value is null) problems.Add($"{name} is missing or empty");
        else if (!DicomUid.IsValid(value))
            problems.Add($"{name} '{DicomUid.Display(value)}' is not a valid UID (digits and dots, at most 64 characters)");
        return value;
    }

    private static void AddStudyMatchColumns(TableEntity e, DicomDataset ds)
    {
        e[IndexColumns.PatientName] = ds.GetString(DicomTag.PatientName);
        e[IndexColumns.PatientID] = ds.GetString(DicomTag.PatientID);
        e[IndexColumns.PatientBirthDate] = ds.GetString(DicomTag.PatientBirthDate);
        e[IndexColumns.PatientSex] = ds.GetString(DicomTag.PatientSex);
        e[IndexColumns.StudyDate] = ds.GetString(DicomTag.StudyDate);
        e[IndexColumns.StudyTime] = ds.GetString(DicomTag.StudyTime);
        e[IndexColumns.AccessionNumber] = ds.GetString(DicomTag.AccessionNumber);
        e[IndexColumns.ReferringPhysicianName] = ds.GetString(DicomTag.ReferringPhysicianName);
        e[IndexColumns.StudyID] = ds.GetString(DicomTag.StudyID);
        e[IndexColumns.StudyDescription] = ds.GetString(DicomTag.StudyDescription);
    }

    /// <summary>Short, public, non-sequence top-level attributes not already indexed at a level.</summary>
    private static HashSet<DicomTag> ExtraAttributes(DicomDataset ds)
    {
        var tags = new HashSet<DicomTag>();
        foreach (DicomElement e in ds)
        {
            if (e.Tag.IsPrivate || e.Tag.Group == 0x0002 || e.IsBulkData || e.VR is DicomVR.SQ or DicomVR.UN) continue;
            if (e.VR is DicomVR.OB or DicomVR.OW or DicomVR.OF or DicomVR.OD or DicomVR.OL or DicomVR.OV) continue;
            if (e.ValueLength > MaxExtraValueBytes) continue;
            if (IndexedAttributes.Study.Contains(e.Tag) || IndexedAttributes.Series.Contains(e.Tag) || IndexedAttributes.Instance.Contains(e.Tag)) continue;
            if (e.Tag == DicomTag.SpecificCharacterSet) continue; // JSON is UTF-8; the charset has been applied
            tags.Add(e.Tag);
        }
        return tags;
    }

    private static string ToJson(DicomDataset ds, Func<DicomTag, bool> include)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            DicomJsonWriter.WriteDataset(writer, ds, new DicomJsonWriterOptions { InlineBinaryThreshold = MaxExtraValueBytes }, include);
        }
        string json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return json.Length <= MaxJsonChars ? json : "{}";
    }
}
