using System.Reflection;
using System.Text.Json;
using Serverless.Archive;
using Serverless.Archive.Storage;

namespace Serverless.Infra.Tests;

/// <summary>The function app settings on both sides: what main.bicep sets, and what the code reads.</summary>
internal static class AppSettings
{
    /// <summary>The appsettings the template gives the function app: name to (ARM expression or literal) value.</summary>
    public static IReadOnlyDictionary<string, string> FromTemplate()
    {
        CompiledTemplate.Resource config = Assert.Single(CompiledTemplate.OfType("Microsoft.Web/sites/config"), c => c.Name.Contains("'appsettings'"));
        return config.Properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    /// <summary>
    /// Every setting our code binds, as app setting names (section__property), derived from the options classes:
    /// <see cref="ArchiveOptions"/> ("Archive") and <see cref="ArchiveStorageOptions"/> ("ArchiveStorage").
    /// Configuration keys are case-insensitive, so compare these with <see cref="StringComparer.OrdinalIgnoreCase"/>.
    /// </summary>
    public static IReadOnlyList<string> ReadByCode() =>
        Bound(typeof(ArchiveOptions), ArchiveOptions.SectionName)
            .Concat(Bound(typeof(ArchiveStorageOptions), ArchiveStorageOptions.SectionName))
            .ToList();

    private static IEnumerable<string> Bound(Type options, string section) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true }) // what ConfigurationBinder binds
            .Select(p => $"{section}__{p.Name}");

    /// <summary>Connection names of the function app's triggers in the build's functions.metadata.</summary>
    public static IReadOnlyList<string> TriggerConnections() =>
        Repository.FunctionsMetadata().EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.TryGetProperty("connection", out _))
            .Select(b => b.GetProperty("connection").GetString()!)
            .Distinct()
            .ToList();
}
