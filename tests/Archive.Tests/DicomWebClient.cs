using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Serverless.Archive.Tests;

/// <summary>What a DICOMweb client does, over plain HTTP: STOW, QIDO, WADO and links.</summary>
public sealed class DicomWebClient(HttpClient http)
{
    public const string AcceptAnyDicom = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";

    public async Task<(HttpStatusCode Status, JsonElement Body)> StoreAsync(byte[] bytes, string? study = null)
    {
        using HttpResponseMessage r = await http.PostAsync(study is null ? "dicomweb/studies" : $"dicomweb/studies/{study}", ArchiveFixture.DicomContent(bytes));
        return (r.StatusCode, await ReadJsonAsync(r));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> StoreMultipartAsync(IEnumerable<(string? ContentType, byte[] Bytes)> parts, string contentTypeTemplate = "multipart/related; type=\"application/dicom\"; boundary={0}", string? study = null)
    {
        string boundary = "b" + Guid.NewGuid().ToString("N");
        var body = new MemoryStream();
        foreach ((string? type, byte[] bytes) in parts)
        {
            Write(body, $"--{boundary}\r\n");
            if (type is not null) Write(body, $"Content-Type: {type}\r\n");
            Write(body, "\r\n");
            body.Write(bytes);
            Write(body, "\r\n");
        }
        Write(body, $"--{boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", string.Format(contentTypeTemplate, boundary));
        using HttpResponseMessage r = await http.PostAsync(study is null ? "dicomweb/studies" : $"dicomweb/studies/{study}", content);
        return (r.StatusCode, await ReadJsonAsync(r));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> GetJsonAsync(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        using HttpResponseMessage r = await http.SendAsync(request);
        return (r.StatusCode, await ReadJsonAsync(r));
    }

    /// <summary>GET of a multipart/related answer, split into its parts.</summary>
    public async Task<(HttpStatusCode Status, List<(string? ContentType, byte[] Body)> Parts, string? ContentType)> GetMultipartAsync(string url, string accept = AcceptAnyDicom)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using HttpResponseMessage r = await http.SendAsync(request);
        var parts = new List<(string?, byte[])>();
        string? contentType = r.Content.Headers.ContentType?.ToString();
        if (r.StatusCode != HttpStatusCode.OK) return (r.StatusCode, parts, contentType);
        string boundary = r.Content.Headers.ContentType!.Parameters.First(p => p.Name == "boundary").Value!.Trim('"');
        var reader = new MultipartReader(boundary, await r.Content.ReadAsStreamAsync()) { BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var ms = new MemoryStream();
            await section.Body.CopyToAsync(ms);
            parts.Add((section.ContentType, ms.ToArray()));
        }
        return (r.StatusCode, parts, contentType);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> CreateLinkAsync(object request)
    {
        using HttpResponseMessage r = await http.PostAsync("links", new StringContent(JsonSerializer.Serialize(request), System.Text.Encoding.UTF8, "application/json"));
        return (r.StatusCode, await ReadJsonAsync(r));
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage r)
    {
        string text = await r.Content.ReadAsStringAsync();
        if (text.Length == 0) return default;
        try { return JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { return JsonDocument.Parse(JsonSerializer.Serialize(new { raw = text })).RootElement.Clone(); }
    }

    private static void Write(Stream s, string text) => s.Write(System.Text.Encoding.ASCII.GetBytes(text));
}

/// <summary>Reading a Store Instances Response.</summary>
public static class StowJson
{
    public static IEnumerable<JsonElement> Items(JsonElement response, string sequenceTag)
    {
        if (response.ValueKind != JsonValueKind.Object || !response.TryGetProperty(sequenceTag, out JsonElement seq) || !seq.TryGetProperty("Value", out JsonElement items))
            return [];
        return items.EnumerateArray().ToArray();
    }

    public static IEnumerable<JsonElement> Referenced(JsonElement response) => Items(response, "00081199");
    public static IEnumerable<JsonElement> Failed(JsonElement response) => Items(response, "00081198");

    public static string? String(JsonElement item, string tag) => Samples.ReferenceString(item, tag);
    public static int? FailureReason(JsonElement item) =>
        item.TryGetProperty("00081197", out JsonElement e) ? e.GetProperty("Value")[0].GetInt32() : null;
    public static string? Comment(JsonElement item) => String(item, "00000902");
}
