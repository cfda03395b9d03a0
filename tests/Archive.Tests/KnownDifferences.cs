namespace Serverless.Archive.Tests;

/// <summary>
/// Where the archive's DICOM JSON deliberately differs from the reference (pydicom 2.3.1), with the reason.
/// Keys are "file|path" where path is "tag", "tag/item/tag" or "...:vr".
/// </summary>
public static class KnownDifferences
{
    private static readonly Dictionary<string, string> ByFileAndPath = new(StringComparer.Ordinal)
    {
    };

    /// <summary>Differences that hold for every file.</summary>
    private static string? Everywhere(string path) => null;

    public static string? Explain(string file, string path) =>
        ByFileAndPath.TryGetValue(file + "|" + path, out string? reason) ? reason : Everywhere(path);
}
