using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;

namespace Serverless.Archive.Tests;

/// <summary>STOW-RS as PS3.18 §10.5 and the issue describe it: content types, partial success, idempotence, conflicts.</summary>
public sealed class StowProtocolTests(ArchiveFixture archive) : IClassFixture<ArchiveFixture>
{
    private readonly DicomWebClient _client = new(archive.Client);
    private static byte[] Read(string path) => File.ReadAllBytes(Samples.Get(path).FullPath);
    private static string StudyOf(string path) => Samples.ReferenceString(JsonDocument.Parse(File.ReadAllText(Samples.Get(path).ReferenceJsonPath!)).RootElement, "0020000D")!;

    [Theory]
    [InlineData("multipart/related; type=\"application/dicom\"; boundary={0}")]
    [InlineData("multipart/related; boundary=\"{0}\"; type=\"application/dicom\"")]
    [InlineData("multipart/related;boundary={0};type=application/dicom")]
    [InlineData("Multipart/Related; Type=\"application/dicom\"; Boundary={0}")]
    public async Task MultipartBody_AnyParameterOrderAndQuoting_IsStored(string contentType)
    {
        (HttpStatusCode status, JsonElement body) = await _client.StoreMultipartAsync([("application/dicom", Read("charset/chrFren.dcm"))], contentType);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(StowJson.Referenced(body));
    }

    [Fact]
    public async Task OneBadPart_DoesNotFailTheGoodOnes_Answers202()
    {
        byte[] good1 = Read("charset/chrRuss.dcm"), good2 = Read("charset/chrArab.dcm");
        byte[] notDicom = "this is not a DICOM file at all, just some text that a client sent by mistake"u8.ToArray();
        (HttpStatusCode status, JsonElement body) = await _client.StoreMultipartAsync(
            [("application/dicom", good1), ("application/dicom", notDicom), (null, good2), ("image/png", good1)]);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(2, StowJson.Referenced(body).Count());
        JsonElement[] failed = StowJson.Failed(body).ToArray();
        Assert.Equal(2, failed.Length);
        Assert.All(failed, f => Assert.Equal(0xC000, StowJson.FailureReason(f)));
        Assert.All(failed, f => Assert.False(string.IsNullOrWhiteSpace(StowJson.Comment(f))));
    }

    [Fact]
    public async Task BodyThatBreaksAfterAGoodPart_Answers202_ReportingTheStoredPartAndTheBreak()
    {
        byte[] good = Read("charset/chrI2.dcm");
        var body = new MemoryStream();
        body.Write("--XX\r\nContent-Type: application/dicom\r\n\r\n"u8);
        body.Write(good);
        body.Write("\r\n--XX\r\nContent-Type: application/dicom\r\n\r\nDICM and then the client hung up"u8);
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=XX");
        using HttpResponseMessage r = await archive.Client.PostAsync("dicomweb/studies", content);
        JsonElement json = await DicomWebClient.ReadJsonAsync(r);
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        Assert.Single(StowJson.Referenced(json));
        JsonElement failed = StowJson.Failed(json).Single();   // the cut-off part, reported once
        Assert.Equal(0xC000, StowJson.FailureReason(failed));
        Assert.StartsWith("Part 2: ", StowJson.Comment(failed));
    }

    [Fact]
    public async Task SameBytesTwice_SucceedsAndStoresNothingNew()
    {
        byte[] bytes = Read("charset/chrX1.dcm");
        Assert.Equal(HttpStatusCode.OK, (await _client.StoreAsync(bytes)).Status);
        int blobs = await archive.CountBlobsAsync();
        (HttpStatusCode again, JsonElement body) = await _client.StoreAsync(bytes);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Single(StowJson.Referenced(body));
        Assert.Equal(blobs, await archive.CountBlobsAsync());
    }

    [Fact]
    public async Task DifferentBytesUnderAStoredSopInstanceUid_AreRefused_AndTheStoredObjectIsUntouched()
    {
        byte[] original = Read("charset/chrX2.dcm");
        (HttpStatusCode first, JsonElement firstBody) = await _client.StoreAsync(original);
        Assert.Equal(HttpStatusCode.OK, first);
        string url = StowJson.String(StowJson.Referenced(firstBody).Single(), "00081190")!;

        byte[] changed = (byte[])original.Clone();
        changed[^1] ^= 0x01;   // last byte of the pixel data: same UIDs, different object
        (HttpStatusCode status, JsonElement body) = await _client.StoreAsync(changed);
        Assert.Equal(HttpStatusCode.Conflict, status);
        JsonElement failed = StowJson.Failed(body).Single();
        Assert.Equal(0x0111, StowJson.FailureReason(failed));
        Assert.Contains("already stored", StowJson.Comment(failed));

        var (_, parts, _) = await _client.GetMultipartAsync(new Uri(url).PathAndQuery.TrimStart('/'));
        Assert.Equal(SHA256.HashData(original), SHA256.HashData(parts.Single().Body));
    }

    [Fact]
    public async Task StudyInUrl_ThatDoesNotMatchTheInstance_IsRefusedWithA900()
    {
        (HttpStatusCode status, JsonElement body) = await _client.StoreAsync(Read("charset/chrH31.dcm"), study: "1.2.3.4.5.6.7.8.9");
        Assert.Equal(HttpStatusCode.Conflict, status);
        JsonElement failed = StowJson.Failed(body).Single();
        Assert.Equal(0xA900, StowJson.FailureReason(failed));
        Assert.Contains("1.2.3.4.5.6.7.8.9", StowJson.Comment(failed));
    }

    [Fact]
    public async Task StoreResponse_CarriesTheStudyRetrieveUrl_WithoutAStudyInTheUrl()
    {
        string study = StudyOf("charset/chrKoreanMulti.dcm");
        (HttpStatusCode status, JsonElement body) = await _client.StoreAsync(Read("charset/chrKoreanMulti.dcm"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.EndsWith($"/dicomweb/studies/{study}", Samples.ReferenceString(body, "00081190"));   // Type 2, PS3.18 Table I.1-1

        (HttpStatusCode refused, JsonElement refusedBody) = await _client.StoreAsync("not DICOM"u8.ToArray());
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.True(refusedBody.TryGetProperty("00081190", out JsonElement empty));   // present, empty
        Assert.False(empty.TryGetProperty("Value", out _));
    }

    [Fact]
    public async Task StudyInUrl_ThatMatches_IsStored_WithStudyRetrieveUrl()
    {
        string study = StudyOf("charset/chrH32.dcm");
        (HttpStatusCode status, JsonElement body) = await _client.StoreAsync(Read("charset/chrH32.dcm"), study);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.EndsWith($"/dicomweb/studies/{study}", Samples.ReferenceString(body, "00081190"));
    }

    [Theory]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("multipart/related; type=\"application/dicom+json\"; boundary=x", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("multipart/related; type=\"application/dicom\"", HttpStatusCode.BadRequest)]
    [InlineData("multipart/related; type=\"application/dicom\"; boundary=nothere", HttpStatusCode.BadRequest)]
    public async Task RequestsThatCannotBeRead_GetAReadableError(string contentType, HttpStatusCode expected)
    {
        var content = new ByteArrayContent("--other\r\n\r\nxx\r\n--other--\r\n"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using HttpResponseMessage r = await archive.Client.PostAsync("dicomweb/studies", content);
        Assert.Equal(expected, r.StatusCode);
        JsonElement problem = await DicomWebClient.ReadJsonAsync(r);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task BlobCopiedInWithoutStow_AnyName_IsIndexedWithinTwoSeconds()
    {
        Samples.Sample sample = Samples.Get("modality/CT_small.dcm");
        JsonElement reference = JsonDocument.Parse(File.ReadAllText(sample.ReferenceJsonPath!)).RootElement;
        string study = Samples.ReferenceString(reference, "0020000D")!;
        BlobContainerClient container = archive.Instances;
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("bulk-import/2024/any name without extension").UploadAsync(new BinaryData(Read(sample.RelativePath)), overwrite: true);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        JsonElement found = default;
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            (_, found) = await _client.GetJsonAsync($"dicomweb/studies?StudyInstanceUID={study}");
            if (found.ValueKind == JsonValueKind.Array && found.GetArrayLength() == 1) break;
            await Task.Delay(100);
        }
        Assert.Equal(1, found.GetArrayLength());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"indexed after {watch.Elapsed.TotalSeconds:F1} s");
    }
}
