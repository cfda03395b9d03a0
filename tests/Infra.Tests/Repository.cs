using System.Reflection;
using System.Text.Json;

// The bicep package restored here is linux-x64, and the hooks run under bash: these tests run where CI does.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Serverless.Infra.Tests;

/// <summary>Paths in the repository and the build, found from the test's own output folder.</summary>
internal static class Repository
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Serverless.sln")) && Directory.Exists(Path.Combine(d.FullName, "infra")))
                return d.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (a folder with Serverless.sln and infra/) above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;

    public static string Infra => Path.Combine(Root, "infra");

    /// <summary>Every Bicep file under infra/, as paths relative to the repository root (stable test case names).</summary>
    public static IEnumerable<string> BicepFiles() =>
        Directory.EnumerateFiles(Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p))
            .Order(StringComparer.Ordinal);

    public static string ReadText(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>
    /// The function app's functions.metadata. Same approach as Archive.Tests' FunctionMetadataTests: this test runs
    /// from tests/Infra.Tests/bin/&lt;Configuration&gt;/net10.0, and the referenced function app builds to the same configuration.
    /// </summary>
    public static JsonElement FunctionsMetadata()
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        string path = Path.Combine(Root, "functions", "App", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} not found: build the solution first");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    public static string AssemblyMetadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"Assembly metadata {key} is empty");
}
