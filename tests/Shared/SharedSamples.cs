using System.Diagnostics;

namespace Serverless.Testing;

/// <summary>
/// Finds the project's shared test data (<c>shared/dicom-samples</c>, <c>shared/dicom-dictionary</c>): real public files
/// kept outside the repository. One locator for every test project and the benchmark (linked as source).
/// </summary>
/// <remarks>
/// Order: <c>$DICOM_SAMPLES</c>; a <c>shared/dicom-samples</c> above the binaries (the usual layout is
/// <c>&lt;root&gt;/main</c> beside <c>&lt;root&gt;/shared</c>); next to the git origin when this is a clone of a local
/// checkout (a fresh clone in a temporary folder); <c>/work/shared/dicom-samples</c>, where this workplace keeps them.
/// </remarks>
public static class SharedSamples
{
    private static readonly Lazy<string?> s_root = new(Locate);

    /// <summary>The dicom-samples folder, or an exception that says how to point at it.</summary>
    public static string Root => s_root.Value ?? throw new DirectoryNotFoundException(
        "shared/dicom-samples not found (looked above " + AppContext.BaseDirectory +
        ", next to the git origin and in /work/shared); set DICOM_SAMPLES to its path.");

    /// <summary>The PS3.6 dictionary tables beside the samples.</summary>
    public static string DictionaryRoot => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(Root).TrimEnd('/'))!, "dicom-dictionary");

    private static string? Locate()
    {
        string? configured = Environment.GetEnvironmentVariable("DICOM_SAMPLES");
        if (!string.IsNullOrEmpty(configured) && Directory.Exists(configured)) return configured;

        string? repository = null;
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "shared", "dicom-samples");
            if (Directory.Exists(candidate)) return candidate;
            if (repository is null && File.Exists(Path.Combine(d.FullName, "Serverless.sln"))) repository = d.FullName;
        }

        if (repository is not null && GitOrigin(repository) is { } origin && Directory.Exists(origin))
        {
            string? beside = Path.GetDirectoryName(Path.GetFullPath(origin).TrimEnd('/'));
            string candidate = Path.Combine(beside ?? "", "shared", "dicom-samples");
            if (Directory.Exists(candidate)) return candidate;
        }

        const string workplace = "/work/shared/dicom-samples";
        return Directory.Exists(workplace) ? workplace : null;
    }

    /// <summary>The origin URL when it is a local path (a clone of a checkout on this machine), else null.</summary>
    private static string? GitOrigin(string repository)
    {
        try
        {
            var start = new ProcessStartInfo("git", "config --get remote.origin.url")
            {
                WorkingDirectory = repository,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process? git = Process.Start(start);
            if (git is null) return null;
            string url = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            if (url.StartsWith("file://", StringComparison.Ordinal)) url = url["file://".Length..];
            return git.ExitCode == 0 && Path.IsPathRooted(url) ? url : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on PATH
        }
    }
}
