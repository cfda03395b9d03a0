using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Archive.Indexing;

namespace Serverless.Archive.Tests;

/// <summary>
/// Blobs copied into the instances container without STOW (azcopy, the SDK) under a SOP Instance UID the archive
/// already holds: the first stored object keeps the UID, whichever way each arrived. Found by trying the archive as
/// a new user would (a copied blob with other bytes used to replace what WADO-RS served).
/// </summary>
public sealed class CopiedInBlobTests(ArchiveFixture archive) : IClassFixture<ArchiveFixture>
{
    private readonly DicomWebClient _client = new(archive.Client);
    private InstanceIndexer Indexer => archive.Services.GetRequiredService<InstanceIndexer>();

    private static (byte[] Original, byte[] Changed, string InstancePath) Load(string path)
    {
        Samples.Sample sample = Samples.Get(path);
        JsonElement reference = JsonDocument.Parse(File.ReadAllText(sample.ReferenceJsonPath!)).RootElement;
        string Ref(string tag) => Samples.ReferenceString(reference, tag)!;
        byte[] original = File.ReadAllBytes(sample.FullPath);
        byte[] changed = (byte[])original.Clone();
        changed[^1] ^= 0x01;   // last byte of the pixel data: same UIDs, another object
        return (original, changed, $"dicomweb/studies/{Ref("0020000D")}/series/{Ref("0020000E")}/instances/{Ref("00080018")}");
    }

    private async Task<byte[]> RetrieveAsync(string instancePath)
    {
        var (status, parts, _) = await _client.GetMultipartAsync(instancePath);
        Assert.Equal(HttpStatusCode.OK, status);
        return parts.Single().Body;
    }

    [Fact]
    public async Task CopiedBlob_WithOtherBytesUnderAStoredUid_IsNotIndexed_AndTheStoredObjectStaysServed()
    {
        (byte[] original, byte[] changed, string instancePath) = Load("charset/chrFrenMulti.dcm");
        Assert.Equal(HttpStatusCode.OK, (await _client.StoreAsync(original)).Status);

        await archive.Instances.GetBlobClient("imports/french copy.dcm").UploadAsync(new BinaryData(changed));
        IndexOutcome outcome = await Indexer.IndexBlobAsync("imports/french copy.dcm", CancellationToken.None);

        Assert.Equal(IndexOutcomeKind.HeldByAnotherBlob, outcome.Kind);
        Assert.StartsWith("stow/", outcome.HeldBy);
        // Indexing the copy again (as the trigger's retries would) changes nothing either.
        Assert.Equal(IndexOutcomeKind.HeldByAnotherBlob, (await Indexer.IndexBlobAsync("imports/french copy.dcm", CancellationToken.None)).Kind);
        Assert.Equal(SHA256.HashData(original), SHA256.HashData(await RetrieveAsync(instancePath)));
    }

    [Fact]
    public async Task StowAfterACopiedBlob_SameBytesSucceedWithoutANewBlob_OtherBytesAreRefused_UntilTheCopyIsDeleted()
    {
        (byte[] copied, byte[] other, string instancePath) = Load("charset/chrArab.dcm");
        await archive.Instances.CreateIfNotExistsAsync();   // the copy may be the first thing this archive holds
        await archive.Instances.GetBlobClient("imports/arabic").UploadAsync(new BinaryData(copied));
        Assert.True((await Indexer.IndexBlobAsync("imports/arabic", CancellationToken.None)).Succeeded);
        int blobs = await archive.CountBlobsAsync();

        (HttpStatusCode same, JsonElement sameBody) = await _client.StoreAsync(copied);
        Assert.Equal(HttpStatusCode.OK, same);
        Assert.Single(StowJson.Referenced(sameBody));
        Assert.Equal(blobs, await archive.CountBlobsAsync());

        (HttpStatusCode refused, JsonElement refusedBody) = await _client.StoreAsync(other);
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Equal(0x0111, StowJson.FailureReason(StowJson.Failed(refusedBody).Single()));
        Assert.Equal(blobs, await archive.CountBlobsAsync());
        Assert.Equal(SHA256.HashData(copied), SHA256.HashData(await RetrieveAsync(instancePath)));

        // Once the copy is deleted its UID is free again.
        await archive.Instances.GetBlobClient("imports/arabic").DeleteAsync();
        Assert.Equal(HttpStatusCode.OK, (await _client.StoreAsync(other)).Status);
        Assert.Equal(SHA256.HashData(other), SHA256.HashData(await RetrieveAsync(instancePath)));
    }
}
