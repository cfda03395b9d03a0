using System.Diagnostics;
using System.Text.Json;

namespace Serverless.Infra.Tests;

/// <summary>
/// The postdeploy hooks create the Event Grid subscription for the blob trigger: the function they name must be in
/// the build's functions.metadata as an Event Grid blob trigger, and the bash hook must work against the az CLI's
/// answers (a stand-in az on PATH; there is no Azure here).
/// </summary>
public sealed class PostDeployHookTests
{
    [Fact]
    public void HookFunctionName_IsAnEventGridBlobTriggerInTheBuild()
    {
        (string bash, string ps) = PostDeployHook.FunctionNames();
        Assert.NotEqual("", bash);
        Assert.Equal(bash, ps);

        JsonElement function = Assert.Single(Repository.FunctionsMetadata().EnumerateArray(), f => f.GetProperty("name").GetString() == bash);
        JsonElement trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "blobTrigger");
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
    }

    [Fact]
    public void Hooks_FilterBlobCreatedInTheInstancesContainer()
    {
        foreach (string hook in new[] { PostDeployHook.Bash, PostDeployHook.PowerShell })
        {
            string text = Repository.ReadText(hook);
            Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.", text);
            Assert.Contains("systemKeys.blobs_extension", text);
            Assert.Contains("--included-event-types Microsoft.Storage.BlobCreated", text);
            Assert.Contains("/blobServices/default/containers/$", text);
            Assert.Contains("ARCHIVE_INSTANCES_CONTAINER", text);
            // Idempotent: show, then update or create.
            Assert.Contains("event-subscription show", text);
            Assert.Contains("event-subscription update", text);
            Assert.Contains("event-subscription create", text);
        }
        // The container the hooks filter on is the one the template creates and the trigger watches.
        Assert.Equal("[reference('storage').outputs.instancesContainerName.value]",
            CompiledTemplate.Main.GetProperty("outputs").GetProperty("ARCHIVE_INSTANCES_CONTAINER").GetProperty("value").GetString());
    }

    [Fact]
    public void AzureYaml_DeploysTheFunctionAppAndRunsBothHooks()
    {
        string yaml = Repository.ReadText("azure.yaml");
        Assert.Contains("project: ./functions/App", yaml);
        Assert.Contains("host: function", yaml);
        Assert.Contains("run: bash ./infra/hooks/postdeploy.sh", yaml);
        Assert.Contains("run: ./infra/hooks/postdeploy.ps1", yaml);
        // azd finds the app by its azd-service-name tag, which must be the service's key in azure.yaml.
        string service = CompiledTemplate.Main.GetProperty("resources").GetProperty("functionApp").GetProperty("properties")
            .GetProperty("parameters").GetProperty("azdServiceName").GetProperty("value").GetString()!;
        Assert.Contains($"\n  {service}:\n    project: ./functions/App", yaml.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void BashHook_Parses()
    {
        (int exit, string output) = RunBash(["-n", PostDeployHook.Bash], new Dictionary<string, string>());
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void BashHook_CreatesTheSubscriptionThenUpdatesIt()
    {
        string dir = Directory.CreateTempSubdirectory("postdeploy-").FullName;
        try
        {
            string log = Path.Combine(dir, "az.log");
            string exists = Path.Combine(dir, "exists");
            // A stand-in az: answers the key query, says whether the subscription exists, and logs each call with the
            // endpoint it read from the @file argument.
            File.WriteAllText(Path.Combine(dir, "az"), $$"""
                #!/usr/bin/env bash
                args="$*"
                case "$args" in
                  "functionapp keys list"*) echo "key-123" ;;
                  *"event-subscription show"*) [ -f "{{exists}}" ] || exit 3 ;;
                  *"event-subscription create"*|*"event-subscription update"*)
                    for a in "$@"; do case "$a" in @*) endpoint=$(cat "${a#@}") ;; esac; done
                    echo "$args" >> "{{log}}"; echo "endpoint=$endpoint" >> "{{log}}"; touch "{{exists}}" ;;
                  *) echo "unexpected az $args" >&2; exit 9 ;;
                esac
                """.ReplaceLineEndings("\n"));
            File.SetUnixFileMode(Path.Combine(dir, "az"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var environment = new Dictionary<string, string>
            {
                ["PATH"] = dir + ":" + Environment.GetEnvironmentVariable("PATH"),
                ["AZURE_FUNCTION_APP_NAME"] = "func-abc",
                ["AZURE_RESOURCE_GROUP"] = "rg-dev",
                ["EVENT_GRID_SYSTEM_TOPIC_NAME"] = "evgt-abc",
                ["ARCHIVE_INSTANCES_CONTAINER"] = "instances",
            };

            (int first, string firstOutput) = RunBash([PostDeployHook.Bash], environment);
            Assert.True(first == 0, firstOutput);
            (int second, string secondOutput) = RunBash([PostDeployHook.Bash], environment);
            Assert.True(second == 0, secondOutput);

            string[] calls = File.ReadAllLines(log);
            Assert.Equal(4, calls.Length);
            Assert.StartsWith("eventgrid system-topic event-subscription create --resource-group rg-dev --system-topic-name evgt-abc --name index-instances", calls[0]);
            Assert.Contains("--endpoint-type webhook", calls[0]);
            Assert.Contains("--subject-begins-with /blobServices/default/containers/instances/", calls[0]);
            Assert.StartsWith("eventgrid system-topic event-subscription update", calls[2]);
            const string endpoint = "endpoint=https://func-abc.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.IndexInstance&code=key-123";
            Assert.Equal(endpoint, calls[1]);
            Assert.Equal(endpoint, calls[3]);
            Assert.DoesNotContain("key-123", calls[0] + calls[2]); // the key never appears on az's command line
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void BashHook_RefusesToRunOutsideAzd()
    {
        (int exit, string output) = RunBash([PostDeployHook.Bash], new Dictionary<string, string> { ["AZURE_FUNCTION_APP_NAME"] = "" });
        Assert.NotEqual(0, exit);
        Assert.Contains("AZURE_FUNCTION_APP_NAME", output);
    }

    private static (int ExitCode, string Output) RunBash(string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        foreach (string name in PostDeployHook.RequiredVariables()) start.Environment.Remove(name);
        foreach ((string name, string value) in environment) start.Environment[name] = value;
        using Process bash = Process.Start(start)!;
        Task<string> stdout = bash.StandardOutput.ReadToEndAsync();
        Task<string> stderr = bash.StandardError.ReadToEndAsync();
        Assert.True(bash.WaitForExit(TimeSpan.FromSeconds(60)), "the hook did not finish in 60 s");
        return (bash.ExitCode, stdout.Result + stderr.Result);
    }
}
