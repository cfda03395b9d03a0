using System.Text.Json;

namespace Serverless.Archive.Tests;

/// <summary>The public sample files in shared/dicom-samples and their reference DICOM JSON (from pydicom).</summary>
public static class Samples
{
    public static readonly string Root = Serverless.Testing.SharedSamples.Root;

    public sealed record Sample(string RelativePath, string FullPath, string? ReferenceJsonPath, string ManifestTransferSyntax)
    {
        public bool IsMalformed => RelativePath.StartsWith("malformed/", StringComparison.Ordinal);
        public override string ToString() => RelativePath;
    }

    /// <summary>Every sample file listed in MANIFEST.tsv, in manifest order.</summary>
    public static IReadOnlyList<Sample> All { get; } = Load();

    public static IEnumerable<object[]> WellFormed() => All.Where(s => !s.IsMalformed).Select(s => new object[] { s.RelativePath });
    public static IEnumerable<object[]> Malformed() => All.Where(s => s.IsMalformed).Select(s => new object[] { s.RelativePath });

    public static Sample Get(string relativePath) => All.Single(s => s.RelativePath == relativePath);

    /// <summary>A string value from the reference JSON (first value), or null.</summary>
    public static string? ReferenceString(JsonElement dataset, string tag)
    {
        if (!dataset.TryGetProperty(tag, out JsonElement e) || !e.TryGetProperty("Value", out JsonElement v) || v.GetArrayLength() == 0) return null;
        JsonElement first = v[0];
        return first.ValueKind == JsonValueKind.String ? first.GetString() : first.ToString();
    }

    private static List<Sample> Load()
    {
        var list = new List<Sample>();
        foreach (string line in File.ReadLines(Path.Combine(Root, "MANIFEST.tsv")).Skip(1))
        {
            string[] columns = line.Split('\t');
            string path = columns[0];
            if (path.Length == 0) continue;
            string reference = Path.Combine(Root, "reference", path + ".json");
            list.Add(new Sample(path, Path.Combine(Root, path), File.Exists(reference) ? reference : null, columns[5]));
        }
        return list;
    }
}
