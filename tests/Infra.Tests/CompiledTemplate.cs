using System.Text.Json;

namespace Serverless.Infra.Tests;

/// <summary>infra/main.bicep compiled to ARM JSON once per test run, with helpers to walk its nested module deployments.</summary>
internal static class CompiledTemplate
{
    private static readonly Lazy<JsonElement> s_main = new(() => Build("infra/main.bicep"));

    public static JsonElement Main => s_main.Value;

    /// <summary>A resource, with the deployment (module) name it sits in ("" for main.bicep itself).</summary>
    public sealed record Resource(string Module, string Symbol, JsonElement Json)
    {
        public string Type => Json.GetProperty("type").GetString()!;
        public JsonElement Properties => Json.GetProperty("properties");
        public string Name => Json.GetProperty("name").GetString()!;
    }

    /// <summary>Every resource in the template and its modules, depth first.</summary>
    public static IReadOnlyList<Resource> Resources { get; } = Walk(Main, "").ToList();

    public static Resource Single(string type) => Assert.Single(Resources, r => r.Type == type);

    public static IEnumerable<Resource> OfType(string type) => Resources.Where(r => r.Type == type);

    /// <summary>The inline template of a module deployment, e.g. "functionapp".</summary>
    public static JsonElement Module(string name) =>
        Resources.Single(r => r.Type == "Microsoft.Resources/deployments" && r.Name == name).Properties.GetProperty("template");

    public static JsonElement Build(string relativePath)
    {
        string outDir = Directory.CreateTempSubdirectory("bicep-build-").FullName;
        try
        {
            string outFile = Path.Combine(outDir, Path.ChangeExtension(Path.GetFileName(relativePath), ".json"));
            BicepCli.Result result = BicepCli.Run("build", relativePath, "--outfile", outFile);
            Assert.True(result.ExitCode == 0 && result.Diagnostics.Length == 0, $"bicep build {relativePath}:\n{result.Diagnostics}");
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(outFile));
            return doc.RootElement.Clone();
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static IEnumerable<Resource> Walk(JsonElement template, string module)
    {
        JsonElement resources = template.GetProperty("resources");
        // Bicep emits an array, or with language version 2.0 an object keyed by symbolic name.
        IEnumerable<(string, JsonElement)> items = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => (p.Name, p.Value))
            : resources.EnumerateArray().Select((r, i) => (i.ToString(), r));
        foreach ((string symbol, JsonElement r) in items)
        {
            var resource = new Resource(module, symbol, r);
            yield return resource;
            if (resource.Type == "Microsoft.Resources/deployments")
            {
                foreach (Resource inner in Walk(resource.Properties.GetProperty("template"), resource.Name)) yield return inner;
            }
        }
    }
}
