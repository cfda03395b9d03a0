using System.Net.Http.Headers;
using System.Text.Json;

namespace Serverless.LocalHost;

/// <summary>Uploads every file under a folder through STOW-RS, as any DICOMweb client would, and prints what happened.</summary>
public static class SampleLoader
{
    public static async Task LoadAsync(Uri archive, string folder, TextWriter output, CancellationToken cancellationToken = default)
    {
        // `dotnet run` may start in the project folder: also try the path relative to the repository root.
        if (!Directory.Exists(folder) && !Path.IsPathRooted(folder) && Directory.Exists(Path.Combine(RepositoryRoot.Find(), folder)))
            folder = Path.GetFullPath(Path.Combine(RepositoryRoot.Find(), folder));
        if (!Directory.Exists(folder))
        {
            output.WriteLine($"--load: folder '{folder}' does not exist.");
            return;
        }
        using var http = new HttpClient { BaseAddress = archive, Timeout = TimeSpan.FromMinutes(10) };
        int stored = 0, refused = 0;
        long bytes = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // Folders named "malformed" go last, so a broken copy of a sample never takes its SOP Instance UID first.
        IEnumerable<string> files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .OrderBy(f => Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Contains("malformed"))
            .ThenBy(f => f, StringComparer.Ordinal);
        output.WriteLine($"Loading {folder} through STOW-RS ...");
        foreach (string file in files)
        {
            if (Path.GetExtension(file) is ".json" or ".tsv" or ".md") continue;
            bytes += new FileInfo(file).Length;
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
        watch.Stop();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        output.WriteLine($"Loaded {folder}: {stored} stored, {refused} refused; {bytes / 1e6:F1} MB in {watch.Elapsed.TotalSeconds:F2} s " +
                         $"({(stored + refused) / watch.Elapsed.TotalSeconds:F0} files/s); archive process peak working set {self.PeakWorkingSet64 / 1e6:F0} MB.");
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
