using System.Net;
using System.Text.Json;

namespace Serverless.Archive.Tests;

/// <summary>Every broken sample gets a FailureReason with a readable comment, and a failure leaves nothing stored.</summary>
public sealed class MalformedSampleTests(ArchiveFixture archive) : IClassFixture<ArchiveFixture>
{
    /// <summary>
    /// Broken files the archive stores anyway, because every byte is kept and a reader can still use them;
    /// each with the reason. Everything else in malformed/ must be refused.
    /// </summary>
    public static readonly Dictionary<string, string> Salvaged = new()
    {
        ["malformed/CTImageStorage_bad_meta.dcm"] = "Only the File Meta lacks Media Storage SOP Class UID (0002,0002); the dataset has all four UIDs and reads cleanly.",
        ["malformed/GH1301.dcm"] = "Non-ASCII bytes in a CS value (Patient's Sex) are a value error, not a structural one; the bytes are kept as sent.",
        ["malformed/GH1376.dcm"] = "A second group 0002 inside the dataset breaks PS3.10 §7.1, but every element is well delimited and readable.",
        ["malformed/SC_rgb_jpeg.dcm"] = "File Meta says explicit VR but the body is implicit VR; the reader detects the encoding from the first element (as pydicom does).",
        ["malformed/badVR.dcm"] = "'1A' in Number of Frames (IS) is an invalid value; the structure is sound and the JSON writer has a defined outcome for it.",
        ["malformed/invalid-vr-length-test.dcm"] = "A value longer than its VR allows (PS3.5 §6.2) is a value error; the element is well delimited.",
    };

    [Theory]
    [MemberData(nameof(Samples.Malformed), MemberType = typeof(Samples))]
    public async Task MalformedSample_IsRefusedWithAReason_OrSalvaged(string path)
    {
        var client = new DicomWebClient(archive.Client);
        int before = await archive.CountBlobsAsync();
        (HttpStatusCode status, JsonElement body) = await client.StoreAsync(await File.ReadAllBytesAsync(Samples.Get(path).FullPath));
        if (Salvaged.ContainsKey(path))
        {
            Assert.Equal(HttpStatusCode.OK, status);
            return;
        }
        Assert.Equal(HttpStatusCode.Conflict, status);
        JsonElement failed = StowJson.Failed(body).Single();
        Assert.Contains(StowJson.FailureReason(failed), new int?[] { 0xC000, 0xA900 });
        Assert.False(string.IsNullOrWhiteSpace(StowJson.Comment(failed)));
        Assert.Equal(before, await archive.CountBlobsAsync());
    }
}
