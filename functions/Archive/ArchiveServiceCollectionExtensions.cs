using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Archive.Indexing;
using Serverless.Archive.Links;
using Serverless.Archive.Qido;
using Serverless.Archive.Storage;
using Serverless.Archive.Stow;
using Serverless.Archive.Wado;

namespace Serverless.Archive;

public static class ArchiveServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything the archive needs: Azure clients from the "ArchiveStorage" section (a connection string,
    /// or service URIs with a managed identity), the options of the "Archive" section, and the feature services.
    /// </summary>
    public static IServiceCollection AddDicomArchive(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ArchiveOptions>(configuration.GetSection(ArchiveOptions.SectionName));
        ArchiveStorageOptions storage = ReadStorageOptions(configuration);

        services.AddAzureClients(clients =>
        {
            if (!string.IsNullOrEmpty(storage.ConnectionString))
            {
                clients.AddBlobServiceClient(storage.ConnectionString)
                    .ConfigureOptions(o => ConfigureBlobOptions(o, storage));
                clients.AddTableServiceClient(storage.ConnectionString);
            }
            else
            {
                if (storage.BlobServiceUri is null || storage.TableServiceUri is null)
                    throw new InvalidOperationException(
                        "Storage is not configured: set ArchiveStorage (a connection string) or ArchiveStorage:blobServiceUri and ArchiveStorage:tableServiceUri.");
                clients.AddBlobServiceClient(storage.BlobServiceUri).ConfigureOptions(o => ConfigureBlobOptions(o, storage));
                clients.AddTableServiceClient(storage.TableServiceUri);
                clients.UseCredential(CreateCredential(storage));
            }
        });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ArchiveStore>();
        services.AddSingleton<SopInstanceClaims>();
        services.AddSingleton<InstanceIndexer>();
        services.AddSingleton<InstanceCatalog>();
        services.AddSingleton<StowService>();
        services.AddSingleton<QidoService>();
        services.AddSingleton<WadoService>();
        services.AddSingleton<LinkService>();
        return services;
    }

    /// <summary>
    /// Reads "ArchiveStorage": a plain string is a connection string; a section follows the Functions
    /// identity-based connection names (blobServiceUri, tableServiceUri, clientId).
    /// </summary>
    public static ArchiveStorageOptions ReadStorageOptions(IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection(ArchiveStorageOptions.SectionName);
        var options = new ArchiveStorageOptions();
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            options.ConnectionString = section.Value;
            return options;
        }
        section.Bind(options);
        return options;
    }

    private static void ConfigureBlobOptions(BlobClientOptions options, ArchiveStorageOptions storage)
    {
        // RA-GZRS: reads retry against the secondary region when the primary does not answer.
        if (storage.SecondaryBlobServiceUri is not null) options.GeoRedundantSecondaryUri = storage.SecondaryBlobServiceUri;
    }

    private static TokenCredential CreateCredential(ArchiveStorageOptions storage) =>
        string.IsNullOrEmpty(storage.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(storage.ClientId));
}
