using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Serverless.Archive;
using Serverless.Archive.Storage;

namespace Serverless.Infra.Tests;

/// <summary>The compiled main.bicep has the properties the deploy issue promises admins (what "locked down" means).</summary>
public sealed class TemplateSecurityTests
{
    private static JsonElement Main => CompiledTemplate.Main;

    [Fact]
    public void Storage_IsGeoRedundant_KeylessAndTls12()
    {
        JsonElement sku = Main.GetProperty("parameters").GetProperty("storageSku");
        Assert.Equal("Standard_RAGZRS", sku.GetProperty("defaultValue").GetString());
        Assert.Equal(["Standard_RAGRS", "Standard_RAGZRS"], sku.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetString()!).Order());

        JsonElement account = CompiledTemplate.Single("Microsoft.Storage/storageAccounts").Properties;
        Assert.False(account.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(account.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.True(account.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.True(account.GetProperty("defaultToOAuthAuthentication").GetBoolean());
        Assert.Equal("TLS1_2", account.GetProperty("minimumTlsVersion").GetString());
    }

    [Fact]
    public void Blobs_HaveSoftDeleteVersioningAccessTrackingAndCorsFromAParameter()
    {
        JsonElement blobs = CompiledTemplate.Single("Microsoft.Storage/storageAccounts/blobServices").Properties;
        Assert.True(blobs.GetProperty("isVersioningEnabled").GetBoolean());
        Assert.True(blobs.GetProperty("deleteRetentionPolicy").GetProperty("enabled").GetBoolean());
        Assert.True(blobs.GetProperty("containerDeleteRetentionPolicy").GetProperty("enabled").GetBoolean());
        Assert.True(blobs.GetProperty("lastAccessTimeTrackingPolicy").GetProperty("enable").GetBoolean());
        Assert.Contains("parameters('corsAllowedOrigins')", blobs.GetProperty("cors").GetRawText());
        Assert.True(Main.GetProperty("parameters").TryGetProperty("corsAllowedOrigins", out _));

        foreach (CompiledTemplate.Resource container in CompiledTemplate.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"))
            Assert.Equal("None", container.Properties.GetProperty("publicAccess").GetString());
    }

    [Fact]
    public void Lifecycle_MovesUnreadInstancesToCool_AndEndsOldVersions()
    {
        JsonElement rule = Assert.Single(CompiledTemplate.Single("Microsoft.Storage/storageAccounts/managementPolicies")
            .Properties.GetProperty("policy").GetProperty("rules").EnumerateArray());
        JsonElement definition = rule.GetProperty("definition");
        Assert.Equal("[format('{0}/', parameters('instancesContainerName'))]",
            Assert.Single(definition.GetProperty("filters").GetProperty("prefixMatch").EnumerateArray()).GetString());
        Assert.Equal("[parameters('coolAfterDaysWithoutRead')]", definition.GetProperty("actions").GetProperty("baseBlob")
            .GetProperty("tierToCool").GetProperty("daysAfterLastAccessTimeGreaterThan").GetString());
        Assert.Equal("[parameters('deletePreviousVersionsAfterDays')]", definition.GetProperty("actions").GetProperty("version")
            .GetProperty("delete").GetProperty("daysAfterCreationGreaterThan").GetString());
    }

    [Fact]
    public void ContainerAndTables_AreTheOnesTheCodeUses()
    {
        var defaults = new ArchiveOptions();
        JsonElement variables = Main.GetProperty("variables");
        Assert.Equal(defaults.InstancesContainer, variables.GetProperty("instancesContainerName").GetString());
        Assert.Equal(defaults.TablePrefix, variables.GetProperty("tablePrefix").GetString());
        Assert.Equal(ArchiveNames.AllTables(defaults.TablePrefix),
            variables.GetProperty("tableNames").EnumerateArray().Select(t => t.GetString()!).ToArray());

        // The blob trigger watches the same container.
        JsonElement trigger = Repository.FunctionsMetadata().EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()).Single(b => b.GetProperty("type").GetString() == "blobTrigger");
        Assert.StartsWith(defaults.InstancesContainer + "/", trigger.GetProperty("path").GetString());
    }

    [Fact]
    public void FunctionApp_IsFlexConsumptionDotnetIsolated10WithAUserAssignedIdentity()
    {
        JsonElement plan = CompiledTemplate.Single("Microsoft.Web/serverfarms").Json;
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());

        CompiledTemplate.Resource site = CompiledTemplate.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", site.Json.GetProperty("kind").GetString());
        Assert.Equal("UserAssigned", site.Json.GetProperty("identity").GetProperty("type").GetString());
        Assert.True(site.Properties.GetProperty("httpsOnly").GetBoolean());
        JsonElement siteConfig = site.Properties.GetProperty("siteConfig");
        Assert.Equal("1.2", siteConfig.GetProperty("minTlsVersion").GetString());
        Assert.Equal("Disabled", siteConfig.GetProperty("ftpsState").GetString());

        JsonElement config = site.Properties.GetProperty("functionAppConfig");
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        JsonElement storage = config.GetProperty("deployment").GetProperty("storage");
        Assert.Equal("blobContainer", storage.GetProperty("type").GetString());
        Assert.Equal("UserAssignedIdentity", storage.GetProperty("authentication").GetProperty("type").GetString());
        Assert.True(config.GetProperty("scaleAndConcurrency").TryGetProperty("maximumInstanceCount", out _));

        // No FTP and no basic-auth publishing: deployment is with Entra tokens only.
        var policies = CompiledTemplate.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.Properties.GetProperty("allow").GetBoolean()));
    }

    [Fact]
    public void FlexScaleParameters_StayWithinWhatThePlatformAccepts()
    {
        // Flex Consumption: maximumInstanceCount 40..1000, instance memory 512, 2048 or 4096 MB. A value outside passes
        // `bicep build` but fails the deployment, so the parameters (main and module) must refuse it up front.
        foreach (JsonElement parameters in new[] { Main.GetProperty("parameters"), CompiledTemplate.Module("functionapp").GetProperty("parameters") })
        {
            JsonElement count = parameters.GetProperty("maximumInstanceCount");
            Assert.Equal(40, count.GetProperty("minValue").GetInt32());
            Assert.Equal(1000, count.GetProperty("maxValue").GetInt32());
            Assert.Equal([512, 2048, 4096], parameters.GetProperty("instanceMemoryMB").GetProperty("allowedValues").EnumerateArray().Select(v => v.GetInt32()).Order());
        }
        int defaultCount = Main.GetProperty("parameters").GetProperty("maximumInstanceCount").GetProperty("defaultValue").GetInt32();
        Assert.InRange(defaultCount, 40, 1000);
    }

    [Fact]
    public void AppSettings_AreIdentityBasedWithNoKeysOrConnectionStrings()
    {
        IReadOnlyDictionary<string, string> settings = AppSettings.FromTemplate();
        foreach ((string name, string value) in settings)
        {
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("listKeys", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("InstrumentationKey=", value, StringComparison.Ordinal); // only via the connection string parameter
            if (name.EndsWith("__credential", StringComparison.Ordinal)) Assert.Equal("managedidentity", value);
            if (name.EndsWith("__clientId", StringComparison.Ordinal)) Assert.Equal("[reference('identity').clientId]", value);
        }
        // A bare connection name would be a connection string; Flex Consumption rejects the worker runtime settings.
        foreach (string forbidden in new[] { "AzureWebJobsStorage", "ArchiveStorage", "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE" })
            Assert.False(settings.ContainsKey(forbidden), forbidden);
        foreach (string connection in new[] { "AzureWebJobsStorage", ArchiveStorageOptions.SectionName })
        {
            Assert.Equal("managedidentity", settings[connection + "__credential"]);
            foreach (string service in new[] { "blob", "queue", "table" })
                Assert.Equal($"[parameters('{service}Endpoint')]", settings[$"{connection}__{service}ServiceUri"]);
        }
        // Telemetry goes in with the managed identity (the component refuses key-only ingestion).
        Assert.Equal("[format('ClientId={0};Authorization=AAD', reference('identity').clientId)]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.True(CompiledTemplate.Single("Microsoft.Insights/components").Properties.GetProperty("DisableLocalAuth").GetBoolean());
    }

    [Fact]
    public void RequestBodyLimit_IsOneNumberForTheHostAndTheWorker()
    {
        IReadOnlyDictionary<string, string> settings = AppSettings.FromTemplate();
        Assert.Equal("[string(parameters('maxRequestBodyBytes'))]", settings["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"]);
        Assert.Equal(settings["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"], settings["Archive__" + nameof(ArchiveOptions.MaxRequestBodyBytes)]);
        // Above the host's 100 MB default, and at least the largest instance STOW-RS accepts.
        long limit = Main.GetProperty("parameters").GetProperty("maxRequestBodyBytes").GetProperty("defaultValue").GetInt64();
        Assert.True(limit >= new ArchiveOptions().MaxInstanceBytes, $"maxRequestBodyBytes {limit} < MaxInstanceBytes");
    }

    [Fact]
    public void RoleAssignments_GiveTheIdentityDataRolesOnly()
    {
        JsonElement roles = CompiledTemplate.Module("roles");
        string text = roles.GetRawText();
        foreach (string role in new[]
        {
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
            "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
            "d5a91429-5739-47e2-a06b-3470a27159e7", // EventGrid Data Sender
            "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher
        })
            Assert.Contains(role, text);
        // Owner/Contributor-style control-plane roles are never granted.
        Assert.DoesNotContain("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", text); // Owner
        Assert.DoesNotContain("b24988ac-6180-42a0-ab88-20f7382dd24c", text); // Contributor

        var assignments = CompiledTemplate.OfType("Microsoft.Authorization/roleAssignments").ToList();
        Assert.Equal(3, assignments.Count); // the storage roles are one copy loop over three
        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", a.Properties.GetProperty("principalType").GetString()));
        Assert.Contains(assignments, a => a.Json.GetProperty("scope").GetString()!.Contains("Microsoft.EventGrid/topics"));
        Assert.Contains(assignments, a => a.Json.GetProperty("scope").GetString()!.Contains("Microsoft.Storage/storageAccounts"));
        Assert.Equal(3, roles.GetProperty("variables").GetProperty("storageRoles").EnumerateObject().Count());
    }

    [Fact]
    public void EventGrid_HasTheStorageSystemTopicAndAKeylessCustomTopic()
    {
        JsonElement system = CompiledTemplate.Single("Microsoft.EventGrid/systemTopics").Properties;
        Assert.Equal("Microsoft.Storage.StorageAccounts", system.GetProperty("topicType").GetString());
        JsonElement custom = CompiledTemplate.Single("Microsoft.EventGrid/topics").Properties;
        Assert.True(custom.GetProperty("disableLocalAuth").GetBoolean());
        // The blob trigger's subscription is made by the postdeploy hook, never here (it needs the deployed code's key).
        Assert.Empty(CompiledTemplate.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
    }

    [Fact]
    public void HttpFunctions_NeedAFunctionKey()
    {
        var levels = typeof(Serverless.Functions.StowFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
            .OfType<HttpTriggerAttribute>()
            .ToList();
        Assert.NotEmpty(levels);
        Assert.All(levels, t => Assert.Equal(AuthorizationLevel.Function, t.AuthLevel));
    }

    [Fact]
    public void EntraParameter_PutsAuthenticationInFrontOfTheWholeAppButNotTheBlobWebhook()
    {
        Assert.Equal("", Main.GetProperty("parameters").GetProperty("entraClientId").GetProperty("defaultValue").GetString());
        CompiledTemplate.Resource auth = Assert.Single(CompiledTemplate.OfType("Microsoft.Web/sites/config"), c => c.Name.Contains("authsettingsV2"));
        Assert.Equal("[not(empty(parameters('entraClientId')))]", auth.Json.GetProperty("condition").GetString());
        JsonElement validation = auth.Properties.GetProperty("globalValidation");
        Assert.True(validation.GetProperty("requireAuthentication").GetBoolean());
        Assert.Equal("Return401", validation.GetProperty("unauthenticatedClientAction").GetString());
        Assert.Equal(["/runtime/webhooks/blobs"], validation.GetProperty("excludedPaths").EnumerateArray().Select(p => p.GetString()!).ToArray());
    }

    [Fact]
    public void Outputs_GiveAzdAndTheHooksWhatTheyNeed()
    {
        JsonElement outputs = Main.GetProperty("outputs");
        foreach (string name in new[] { "AZURE_FUNCTION_APP_NAME", "DICOMWEB_ROOT_URL", "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_RESOURCE_GROUP" })
            Assert.True(outputs.TryGetProperty(name, out _), name);
        // Every variable the hooks require is an output (azd hands outputs to hooks as environment variables).
        foreach (string variable in PostDeployHook.RequiredVariables())
            Assert.True(outputs.TryGetProperty(variable, out _), $"postdeploy needs {variable}, which main.bicep does not output");
    }
}
