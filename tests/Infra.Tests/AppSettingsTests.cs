using Microsoft.Extensions.Configuration;
using Serverless.Archive;
using Serverless.Archive.Storage;

namespace Serverless.Infra.Tests;

/// <summary>
/// Every app setting the template sets is read by someone, and every setting the code reads is set (or deliberately
/// left to its default). The code's side comes from the options classes by reflection; the host's side is classified
/// here, each with the reason, so a new setting on either side fails until someone decides where it belongs.
/// </summary>
public sealed class AppSettingsTests
{
    /// <summary>Set by the template and read by the Functions host or its extensions, not by our code.</summary>
    private static readonly Dictionary<string, string> s_readByHost = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage__credential"] = "the host's own storage (function keys, locks) over an identity-based connection",
        ["AzureWebJobsStorage__clientId"] = "which managed identity the host uses for its storage",
        ["AzureWebJobsStorage__blobServiceUri"] = "host storage: blobs",
        ["AzureWebJobsStorage__queueServiceUri"] = "host storage: queues",
        ["AzureWebJobsStorage__tableServiceUri"] = "host storage: tables",
        ["ArchiveStorage__credential"] = "the blob trigger extension (Connection = \"ArchiveStorage\") builds its clients from the identity-based connection; our code uses ClientId directly",
        ["ArchiveStorage__queueServiceUri"] = "the blob trigger extension keeps its poison queue in the trigger's storage account",
        ["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"] = "the host's request body limit (default 100 MB); the worker's own is Archive__MaxRequestBodyBytes",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "the host sends telemetry to Application Insights",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "the host authenticates telemetry with the managed identity (local auth is off)",
    };

    /// <summary>Read by our code, deliberately not set in Azure: the code's default is right there.</summary>
    private static readonly Dictionary<string, string> s_codeDefaultInAzure = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Archive__MaxLinkLifetime"] = "7 days, the longest a user delegation key (which signs share links in Azure) lives",
        ["Archive__DefaultLinkLifetime"] = "24 hours when a link request names none",
        ["Archive__MaxInstanceBytes"] = "4 GiB per instance; the request body limit is set separately",
        ["Archive__MaxQueryResults"] = "1000 results per QIDO-RS page",
    };

    /// <summary>Read by our code, and must never be set in Azure.</summary>
    private static readonly Dictionary<string, string> s_neverInAzure = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ArchiveStorage__ConnectionString"] = "a key-based connection (Azurite, or a local run against an account); Azure uses the identity-based settings",
    };

    [Fact]
    public void EverySettingTheTemplateSets_IsReadByTheCodeOrTheHost()
    {
        var code = new HashSet<string>(AppSettings.ReadByCode(), StringComparer.OrdinalIgnoreCase);
        var unread = AppSettings.FromTemplate().Keys.Where(s => !code.Contains(s) && !s_readByHost.ContainsKey(s)).ToList();
        Assert.True(unread.Count == 0, "Set by main.bicep but read by nobody: " + string.Join(", ", unread));
    }

    [Fact]
    public void EverySettingTheCodeReads_IsSetByTheTemplateOrDeliberatelyLeftToItsDefault()
    {
        var template = new HashSet<string>(AppSettings.FromTemplate().Keys, StringComparer.OrdinalIgnoreCase);
        var missing = AppSettings.ReadByCode()
            .Where(s => !template.Contains(s) && !s_codeDefaultInAzure.ContainsKey(s) && !s_neverInAzure.ContainsKey(s))
            .ToList();
        Assert.True(missing.Count == 0, "Read by the code but not set by main.bicep: " + string.Join(", ", missing));
        Assert.DoesNotContain(template, s => s_neverInAzure.ContainsKey(s));
    }

    [Fact]
    public void TheClassificationsHaveNoStaleEntries()
    {
        var template = new HashSet<string>(AppSettings.FromTemplate().Keys, StringComparer.OrdinalIgnoreCase);
        var code = new HashSet<string>(AppSettings.ReadByCode(), StringComparer.OrdinalIgnoreCase);
        Assert.All(s_readByHost.Keys, s => Assert.True(template.Contains(s) && !code.Contains(s), $"{s}: not set by the template, or read by the code"));
        Assert.All(s_codeDefaultInAzure.Keys.Concat(s_neverInAzure.Keys), s => Assert.True(code.Contains(s) && !template.Contains(s), $"{s}: not read by the code, or set by the template"));
    }

    [Fact]
    public void EveryTriggerConnection_IsAnIdentityBasedConnectionInTheTemplate()
    {
        IReadOnlyDictionary<string, string> settings = AppSettings.FromTemplate();
        Assert.Equal([ArchiveStorageOptions.SectionName], AppSettings.TriggerConnections());
        foreach (string connection in AppSettings.TriggerConnections().Append("AzureWebJobsStorage"))
        {
            foreach (string part in new[] { "credential", "clientId", "blobServiceUri", "queueServiceUri" })
                Assert.True(settings.ContainsKey($"{connection}__{part}"), $"{connection}__{part} is not set");
        }
    }

    [Fact]
    public void TheTemplateSettings_BindToTheOptionsTheAppUses()
    {
        // App settings arrive as environment variables; configuration turns "__" into ":". Bind the template's names
        // (with sample values) the way the app does and check each lands in a property.
        var sample = new Dictionary<string, string?>
        {
            ["ArchiveStorage__blobServiceUri"] = "https://acct.blob.core.windows.net/",
            ["ArchiveStorage__tableServiceUri"] = "https://acct.table.core.windows.net/",
            ["ArchiveStorage__secondaryBlobServiceUri"] = "https://acct-secondary.blob.core.windows.net/",
            ["ArchiveStorage__clientId"] = "00000000-0000-0000-0000-000000000001",
            ["Archive__InstancesContainer"] = "instances-x",
            ["Archive__TablePrefix"] = "dicomx",
            ["Archive__EventTopicEndpoint"] = "https://topic.westeurope-1.eventgrid.azure.net/api/events",
            ["Archive__MaxRequestBodyBytes"] = "4294967296",
            ["Archive__PublicBaseUrl"] = "https://func-x.azurewebsites.net",
        };
        Assert.Subset(AppSettings.FromTemplate().Keys.ToHashSet(), sample.Keys.ToHashSet());
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(sample.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":"), kv.Value)))
            .Build();

        ArchiveStorageOptions storage = ArchiveServiceCollectionExtensions.ReadStorageOptions(configuration);
        Assert.Null(storage.ConnectionString);
        Assert.Equal(new Uri(sample["ArchiveStorage__blobServiceUri"]!), storage.BlobServiceUri);
        Assert.Equal(new Uri(sample["ArchiveStorage__tableServiceUri"]!), storage.TableServiceUri);
        Assert.Equal(new Uri(sample["ArchiveStorage__secondaryBlobServiceUri"]!), storage.SecondaryBlobServiceUri);
        Assert.Equal(sample["ArchiveStorage__clientId"], storage.ClientId);

        ArchiveOptions archive = configuration.GetSection(ArchiveOptions.SectionName).Get<ArchiveOptions>()!;
        Assert.Equal("instances-x", archive.InstancesContainer);
        Assert.Equal("dicomx", archive.TablePrefix);
        Assert.Equal(new Uri(sample["Archive__EventTopicEndpoint"]!), archive.EventTopicEndpoint);
        Assert.Equal(4294967296L, archive.MaxRequestBodyBytes);
        Assert.Equal("https://func-x.azurewebsites.net", archive.PublicBaseUrl);
    }

    [Fact]
    public void PublicBaseUrl_IsTheAppsHttpsHostName()
    {
        // Absolute URLs in answers (RetrieveURL, BulkDataURI) must be https://<default host name>, whatever scheme and
        // host the worker sees behind the front end and the host's proxy.
        Assert.Equal("[format('https://{0}', reference('site').defaultHostName)]", AppSettings.FromTemplate()["Archive__PublicBaseUrl"]);
    }
}
