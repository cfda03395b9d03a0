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
