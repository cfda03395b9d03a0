using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Serverless.Infra.Tests;

/// <summary>
/// Runs the bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, which restore downloads
/// (PackageDownload in the project file); no other download, so it works offline and in CI.
/// </summary>
internal static class BicepCli
{
    private static readonly Lazy<string> s_path = new(Locate);

    public static string Path => s_path.Value;

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>Everything bicep printed. With --outfile/--outdir a clean build or lint prints nothing at all.</summary>
        public string Diagnostics => (StandardError + StandardOutput).Trim();
    }

    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("bicep " + string.Join(' ', arguments) + " did not finish in 2 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        Assert.True(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.OSArchitecture == Architecture.X64,
            "The bicep package restored here is linux-x64; run the infra tests on linux-x64 (as CI does).");
        string root = Repository.AssemblyMetadata("NuGetPackageRoot");
        string version = Repository.AssemblyMetadata("BicepVersion");
        string path = System.IO.Path.Combine(root, "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
        Assert.True(File.Exists(path), $"{path} not found: restore tests/Infra.Tests (dotnet restore) first");
        // NuGet extracts files without the execute bit.
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0) File.SetUnixFileMode(path, mode | execute);
        return path;
    }
}
