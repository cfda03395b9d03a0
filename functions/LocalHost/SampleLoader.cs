using System.Net.Http.Headers;
using System.Text.Json;

namespace Serverless.LocalHost;

/// <summary>Uploads every file under a folder through STOW-RS, as any DICOMweb client would, and prints what happened.</summary>
public static class SampleLoader
{
    public static async Task LoadAsync(Uri archive, string folder, TextWriter output, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            output.WriteLine($"--load: folder '{folder}' does not exist.");
            return;
        }
        using var http = new HttpClient { BaseAddress = archive, Timeout = TimeSpan.FromMinutes(10) };
        int stored = 0, refused = 0;
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetExtension(file) is ".json" or ".tsv" or ".md") continue;
            var content = new StreamContent(File.OpenRead(file));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            using HttpResponseMessage r = await http.PostAsync("dicomweb/studies", content, cancellationToken);
            string body = await r.Content.ReadAsStringAsync(cancellationToken);
            if (r.IsSuccessStatusCode) stored++;
            else
            {
                refused++;
                output.WriteLine($"  refused {Path.GetRelativePath(folder, file)}: {(int)r.StatusCode} {Comment(body)}");
            }
        }
        output.WriteLine($"Loaded {folder}: {stored} stored, {refused} refused.");
    }

    private static string Comment(string body)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("00081198", out JsonElement failed))
                return failed.GetProperty("Value")[0].GetProperty("00000902").GetProperty("Value")[0].GetString() ?? body;
            if (doc.RootElement.TryGetProperty("detail", out JsonElement detail)) return detail.GetString() ?? body;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { }
        return body.Length > 200 ? body[..200] : body;
    }
}
