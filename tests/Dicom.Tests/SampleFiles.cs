namespace Serverless.Dicom.Tests;

/// <summary>The real sample files in shared/dicom-samples (see its README and MANIFEST.tsv).</summary>
internal static class SampleFiles
{
    private static readonly Lazy<IReadOnlyList<ManifestRow>> s_manifest = new(ReadManifest);

    /// <summary>The samples folder (see <see cref="Serverless.Testing.SharedSamples"/>).</summary>
    public static string Root => Serverless.Testing.SharedSamples.Root;

    public static IReadOnlyList<ManifestRow> Manifest => s_manifest.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static byte[] Read(string relative) => File.ReadAllBytes(PathOf(relative));

    public static string? ReferenceJsonPath(string relative)
    {
        string path = Path.Combine(Root, "reference", relative + ".json");
        return File.Exists(path) ? path : null;
    }

    private static IReadOnlyList<ManifestRow> ReadManifest()
    {
        var rows = new List<ManifestRow>();
        string[] lines = File.ReadAllLines(Path.Combine(Root, "MANIFEST.tsv"));
        string[] header = lines[0].Split('\t');
        int path = Array.IndexOf(header, "path"), ts = Array.IndexOf(header, "transfer_syntax_uid"), note = Array.IndexOf(header, "note");
        foreach (string line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            string[] cells = line.Split('\t');
            rows.Add(new ManifestRow(cells[path], cells[ts], cells[note]));
        }
        return rows;
    }
}

internal sealed record ManifestRow(string Path, string TransferSyntax, string Note)
{
    public bool IsMalformed => Path.StartsWith("malformed/", StringComparison.Ordinal);
    public override string ToString() => Path;
}
