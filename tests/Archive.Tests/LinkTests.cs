using System.Net;
using System.Text.Json;

namespace Serverless.Archive.Tests;

/// <summary>Share links: read-only SAS URLs per instance that need nothing else, and that storage enforces.</summary>
public sealed class LinkTests(ArchiveFixture archive) : IClassFixture<ArchiveFixture>
{
    private readonly DicomWebClient _client = new(archive.Client);

    private async Task<(string Study, string Series)> StoreAsync(string file)
    {
        (HttpStatusCode status, JsonElement body) = await _client.StoreAsync(File.ReadAllBytes(Samples.Get(file).FullPath));
        Assert.Equal(HttpStatusCode.OK, status);
        string[] seg = new Uri(StowJson.String(StowJson.Referenced(body).Single(), "00081190")!).AbsolutePath.Split('/');
        return (seg[^5], seg[^3]);
    }

    [Fact]
    public async Task Link_WorksWithoutKey_AndCannotBeTamperedWithOrUsedToWrite()
    {
        (string study, string series) = await StoreAsync("modality/CT_small.dcm");
        (HttpStatusCode status, JsonElement link) = await _client.CreateLinkAsync(new { study, series, expiresInMinutes = 5 });
        Assert.Equal(HttpStatusCode.OK, status);
        DateTimeOffset expires = link.GetProperty("expiresOn").GetDateTimeOffset();
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(6));
        string url = link.GetProperty("instances")[0].GetProperty("url").GetString()!;
        Assert.DoesNotContain(study, url);   // blob names carry no UIDs

        using var anonymous = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url)).StatusCode);
        string tampered = url.Replace("sig=", "sig=A");
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(tampered)).StatusCode);
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([1, 2, 3]) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(put)).StatusCode);
        string withoutSas = url[..url.IndexOf('?')];
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync(withoutSas)).StatusCode);
    }

    [Theory]
    [InlineData("{}", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"study\":\"1.2.3.4.5.6.999\"}", HttpStatusCode.NotFound)]
    [InlineData("{\"study\":\"not a uid\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"study\":\"1.2.3\",\"expiresInMinutes\":0}", HttpStatusCode.BadRequest)]
    [InlineData("{\"study\":\"1.2.3\",\"expiresInMinutes\":99999999}", HttpStatusCode.BadRequest)]
    [InlineData("{\"study\":\"1.2.3\",\"expiresInMinutes\":1.5}", HttpStatusCode.BadRequest)]
    [InlineData("[]", HttpStatusCode.BadRequest)]
    public async Task BadLinkRequests_GetAReadableError(string body, HttpStatusCode expected)
    {
        using HttpResponseMessage r = await archive.Client.PostAsync("links", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(expected, r.StatusCode);
        string detail = (await DicomWebClient.ReadJsonAsync(r)).GetProperty("detail").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.DoesNotContain("System.", detail);   // no .NET type names (found by trying the archive as a new user)
    }

    [Fact]
    public async Task LinkBody_OverTheLimit_Gets413_EvenWithoutAContentLength()
    {
        var content = new StreamContent(new MemoryStream(new byte[Serverless.Archive.Links.LinkRequest.MaxBodyBytes + 100]));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "links") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using HttpResponseMessage r = await archive.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
    }

    [Fact]
    public async Task LinkBody_CutShort_IsCalledInvalidJson()
    {
        using HttpResponseMessage r = await archive.Client.PostAsync("links", new StringContent("{\"study\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("not valid JSON", (await DicomWebClient.ReadJsonAsync(r)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("GET", "links")]
    [InlineData("GET", "dicomweb/no-such-route")]
    [InlineData("DELETE", "dicomweb/studies")]
    public async Task UnknownRoutesAndMethods_GetProblemJson(string method, string url)
    {
        using HttpResponseMessage r = await archive.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        Assert.True(r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{r.StatusCode}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrWhiteSpace((await DicomWebClient.ReadJsonAsync(r)).GetProperty("detail").GetString()));
    }
}
