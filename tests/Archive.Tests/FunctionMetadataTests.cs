using System.Text.Json;

namespace Serverless.Archive.Tests;

/// <summary>
/// The Functions host finds functions through the build's functions.metadata; check that every function the
/// archive serves is there with its trigger, route and methods, and that the local host serves the same routes.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static readonly (string Name, string Trigger, string? Route, string? Method)[] Expected =
    [
        ("StoreInstances", "httpTrigger", "dicomweb/studies/{study?}", "post"),
        ("SearchStudies", "httpTrigger", "dicomweb/studies", "get"),
        ("SearchSeries", "httpTrigger", "dicomweb/series", "get"),
        ("SearchInstances", "httpTrigger", "dicomweb/instances", "get"),
        ("SearchStudySeries", "httpTrigger", "dicomweb/studies/{study}/series", "get"),
        ("SearchStudyInstances", "httpTrigger", "dicomweb/studies/{study}/instances", "get"),
        ("SearchSeriesInstances", "httpTrigger", "dicomweb/studies/{study}/series/{series}/instances", "get"),
        ("RetrieveStudy", "httpTrigger", "dicomweb/studies/{study}", "get"),
        ("RetrieveSeries", "httpTrigger", "dicomweb/studies/{study}/series/{series}", "get"),
        ("RetrieveInstance", "httpTrigger", "dicomweb/studies/{study}/series/{series}/instances/{instance}", "get"),
        ("RetrieveStudyMetadata", "httpTrigger", "dicomweb/studies/{study}/metadata", "get"),
        ("RetrieveSeriesMetadata", "httpTrigger", "dicomweb/studies/{study}/series/{series}/metadata", "get"),
        ("RetrieveInstanceMetadata", "httpTrigger", "dicomweb/studies/{study}/series/{series}/instances/{instance}/metadata", "get"),
        ("RetrieveBulkData", "httpTrigger", "dicomweb/studies/{study}/series/{series}/instances/{instance}/bulkdata/{*path}", "get"),
        ("CreateLink", "httpTrigger", "links", "post"),
        ("IndexInstance", "blobTrigger", null, null),
    ];

    [Fact]
    public void FunctionsMetadata_ListsEveryFunctionWithItsTriggerAndRoute()
    {
        string path = FindMetadata();
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var functions = doc.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
        Assert.Equal(Expected.Select(e => e.Name).Order(), functions.Keys.Order());
        foreach ((string name, string trigger, string? route, string? method) in Expected)
        {
            JsonElement binding = functions[name].GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == trigger);
            if (route is not null)
            {
                Assert.Equal(route, binding.GetProperty("route").GetString());
                Assert.Equal([method!], binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray());
            }
            else
            {
                Assert.Equal("EventGrid", binding.GetProperty("source").GetString());
                Assert.Equal("instances/{name}", binding.GetProperty("path").GetString());
                Assert.Equal("ArchiveStorage", binding.GetProperty("connection").GetString());
            }
        }
    }

    [Fact]
    public void LocalHost_ServesTheSameHttpFunctions()
    {
        var local = Serverless.LocalHost.FunctionEndpoints.Discover(typeof(Serverless.Functions.StowFunctions).Assembly);
        Assert.Equal(Expected.Where(e => e.Route is not null).Select(e => (e.Name, e.Route!)).Order(), local.Select(f => (f.Name, f.Route)).Order());
    }

    [Fact]
    public void HostJson_ServesRoutesAtTheRoot()
    {
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Serverless.LocalHost.RepositoryRoot.Find(), "host.json")));
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    private static string FindMetadata()
    {
        // The test runs from tests/Archive.Tests/bin/<Configuration>/net10.0; the function app builds to the same configuration.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        string path = Path.Combine(Serverless.LocalHost.RepositoryRoot.Find(), "functions", "App", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} not found: build the solution first");
        return path;
    }
}
