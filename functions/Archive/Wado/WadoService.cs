using System.Buffers;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Serverless.Archive.Http;
using Serverless.Archive.Indexing;
using Serverless.Archive.Storage;
using Serverless.Dicom;

namespace Serverless.Archive.Wado;

/// <summary>WADO-RS (PS3.18 §10.4): instances byte for byte as stored, metadata as DICOM JSON, bulk data by range read.</summary>
public sealed class WadoService(ArchiveStore store, InstanceCatalog catalog)
{
    private const int MetadataParallelism = 8;
    private const string DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";

    /// <summary>Retrieve Study/Series/Instance: one part per instance, in the stored transfer syntax.</summary>
    public async Task<IActionResult> RetrieveAsync(string study, string? series, string? instance, StringValues accept, CancellationToken cancellationToken)
    {
        List<IndexedInstance> instances = await catalog.ResolveAsync(study, series, instance, cancellationToken).ConfigureAwait(false);
        string[] syntaxes = instances.Select(i => i.TransferSyntaxUid ?? "").Distinct().ToArray();
        RetrieveFormat format = AcceptNegotiation.ChooseRetrieveFormat(accept, syntaxes, instance is not null);
        if (format == RetrieveFormat.SingleDicom)
        {
            IndexedInstance only = instances[0];
            Stream content = await OpenAsync(only, cancellationToken).ConfigureAwait(false);
            return new StreamResult(content, ContentType(only));
        }
        var parts = instances.Select(i => new MultipartRelatedResult.Part(ContentType(i), ct => OpenAsync(i, ct))).ToList();
        return new MultipartRelatedResult("application/dicom", parts);
    }

    /// <summary>Metadata of a study, series or instance: a JSON array of datasets with bulk data as BulkDataURI.</summary>
    public async Task<IActionResult> MetadataAsync(string study, string? series, string? instance, string dicomWebRoot, CancellationToken cancellationToken)
    {
        List<IndexedInstance> instances = await catalog.ResolveAsync(study, series, instance, cancellationToken).ConfigureAwait(false);
        var documents = new ArrayBufferWriter<byte>[instances.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, instances.Count),
            new ParallelOptions { MaxDegreeOfParallelism = MetadataParallelism, CancellationToken = cancellationToken },
            async (index, ct) => documents[index] = await WriteMetadataAsync(instances[index], dicomWebRoot, ct).ConfigureAwait(false)).ConfigureAwait(false);

        return new DicomJsonResult(200, async (writer, ct) =>
        {
            writer.WriteStartArray();
            foreach (ArrayBufferWriter<byte> doc in documents) writer.WriteRawValue(doc.WrittenSpan, skipInputValidation: true);
            writer.WriteEndArray();
            await Task.CompletedTask;
        });
    }

    /// <summary>
    /// The value of one bulk data element, as <c>multipart/related; type="application/octet-stream"</c> (PS3.18 §10.4.1.1.5).
    /// <paramref name="tagPath"/> is the path the metadata's BulkDataURI names, e.g. "7FE00010" or "00540016/0/00181072".
    /// </summary>
    public async Task<IActionResult> BulkDataAsync(string study, string series, string instance, string tagPath, CancellationToken cancellationToken)
    {
        IndexedInstance found = (await catalog.ResolveAsync(study, series, instance, cancellationToken).ConfigureAwait(false))[0];
        if (found.TransferSyntaxUid == DeflatedExplicitVRLittleEndian)
            throw new ArchiveRequestException(501, "Bulk data of deflated instances is not served separately; retrieve the whole instance.");
        DicomFile file = await ReadAsync(found, cancellationToken).ConfigureAwait(false);
        DicomElement element = FindElement(file.Dataset, tagPath)
            ?? throw ArchiveRequestException.NotFound($"Instance {instance} has no bulk data at '{tagPath}'.");
        BlobClient blob = store.Instances.GetBlobClient(found.BlobName);
        long offset = element.ValueOffset, length = element.ValueLength;
        var part = new MultipartRelatedResult.Part("application/octet-stream", async ct =>
        {
            if (length == 0) return Stream.Null;
            BlobDownloadStreamingResult r = (await blob.DownloadStreamingAsync(new BlobDownloadOptions { Range = new Azure.HttpRange(offset, length) }, ct).ConfigureAwait(false)).Value;
            return r.Content;
        });
        return new MultipartRelatedResult("application/octet-stream", [part]);
    }

    private async Task<ArrayBufferWriter<byte>> WriteMetadataAsync(IndexedInstance instance, string root, CancellationToken ct)
    {
        DicomFile file = await ReadAsync(instance, ct).ConfigureAwait(false);
        string instanceUrl = $"{root}/studies/{instance.StudyInstanceUid}/series/{instance.SeriesInstanceUid}/instances/{instance.SopInstanceUid}";
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using var writer = new Utf8JsonWriter(buffer, JsonWriting.Options);
        DicomJsonWriter.WriteDataset(writer, file.Dataset, new DicomJsonWriterOptions
        {
            BulkDataUriFactory = (path, _) => $"{instanceUrl}/bulkdata/{path}",
        });
        writer.Flush();
        return buffer;
    }

    private async Task<DicomFile> ReadAsync(IndexedInstance instance, CancellationToken ct)
    {
        BlobClient blob = store.Instances.GetBlobClient(instance.BlobName);
        await using Stream stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 256 * 1024 }, ct).ConfigureAwait(false);
        return await DicomFile.ReadAsync(stream, DicomReadOptions.Default, ct).ConfigureAwait(false);
    }

    private async Task<Stream> OpenAsync(IndexedInstance instance, CancellationToken ct)
    {
        BlobClient blob = store.Instances.GetBlobClient(instance.BlobName);
        BlobDownloadStreamingResult r = (await blob.DownloadStreamingAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
        return r.Content;
    }

    private static string ContentType(IndexedInstance i) =>
        string.IsNullOrEmpty(i.TransferSyntaxUid) ? "application/dicom" : $"application/dicom; transfer-syntax={i.TransferSyntaxUid}";

    /// <summary>Follows "tag/item/tag/..." through sequences.</summary>
    internal static DicomElement? FindElement(DicomDataset dataset, string path)
    {
        string[] segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        DicomDataset current = dataset;
        for (int i = 0; i < segments.Length; i += 2)
        {
            if (segments[i].Length != 8 || !uint.TryParse(segments[i], System.Globalization.NumberStyles.HexNumber, null, out uint tag)) return null;
            if (!current.TryGetElement(new DicomTag(tag), out DicomElement element)) return null;
            if (i + 1 == segments.Length) return element;
            if (!int.TryParse(segments[i + 1], out int item) || item < 0 || item >= element.Items.Count) return null;
            current = element.Items[item];
        }
        return null;
    }
}
