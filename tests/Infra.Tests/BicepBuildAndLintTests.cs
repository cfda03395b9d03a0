namespace Serverless.Infra.Tests;

/// <summary>
/// CI's bicep gate: every template under infra/ builds and lints with no diagnostic at all. bicep exits 0 on warnings
/// (even an unknown property, BCP037, or an unknown API version, BCP081), so any output fails here;
/// infra/bicepconfig.json also raises the linter rules to errors.
/// </summary>
public sealed class BicepBuildAndLintTests
{
    public static TheoryData<string> Templates() => new(Repository.BicepFiles());

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_BuildsWithoutDiagnostics(string template)
    {
        CompiledTemplate.Build(template);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_LintsWithoutDiagnostics(string template)
    {
        BicepCli.Result result = BicepCli.Run("lint", template);
        Assert.True(result.ExitCode == 0 && result.Diagnostics.Length == 0, $"bicep lint {template}:\n{result.Diagnostics}");
    }

    [Fact]
    public void Templates_UseNoRegistryModules()
    {
        // br/public: (and any registry) modules need a network restore; CI builds offline.
        foreach (string template in Repository.BicepFiles())
            Assert.DoesNotMatch(@"module\s+\S+\s+'(br|ts)[:/]", Repository.ReadText(template));
    }

    [Fact]
    public void Gate_FailsOnALinterRuleAndOnAWarning()
    {
        // The gate itself: with our bicepconfig.json an unused parameter is an error, and a warning (unknown API
        // version) is output that the tests above reject even though bicep exits 0 for it.
        string dir = Directory.CreateTempSubdirectory("bicep-gate-").FullName;
        try
        {
            File.Copy(Path.Combine(Repository.Infra, "bicepconfig.json"), Path.Combine(dir, "bicepconfig.json"));
            File.WriteAllText(Path.Combine(dir, "unused.bicep"), "param unused string\n");
            File.WriteAllText(Path.Combine(dir, "unknown.bicep"),
                "param location string\nresource t 'Microsoft.EventGrid/topics@2099-01-01' = {\n  name: 't'\n  location: location\n}\n");

            BicepCli.Result unused = BicepCli.Run("lint", Path.Combine(dir, "unused.bicep"));
            Assert.NotEqual(0, unused.ExitCode);
            Assert.Contains("no-unused-params", unused.Diagnostics);

            BicepCli.Result unknown = BicepCli.Run("build", Path.Combine(dir, "unknown.bicep"), "--outdir", dir);
            Assert.Equal(0, unknown.ExitCode);
            Assert.Contains("BCP081", unknown.Diagnostics);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
