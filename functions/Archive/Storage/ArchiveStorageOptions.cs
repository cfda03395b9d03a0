namespace Serverless.Archive.Storage;

/// <summary>
/// Where the archive keeps its data, bound from the configuration section "ArchiveStorage"
/// (the same section the blob trigger's <c>Connection = "ArchiveStorage"</c> reads).
/// Either a connection string (Azurite, or an account key) or service URIs with a managed identity.
/// </summary>
public sealed class ArchiveStorageOptions
{
    public const string SectionName = "ArchiveStorage";

    /// <summary>Full connection string; when set the URIs below are ignored.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob endpoint, e.g. https://acct.blob.core.windows.net (identity-based connection).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Table endpoint, e.g. https://acct.table.core.windows.net (identity-based connection).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Read-access secondary blob endpoint (RA-GZRS), e.g. https://acct-secondary.blob.core.windows.net. GET/HEAD retries go there.</summary>
    public Uri? SecondaryBlobServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity; empty uses DefaultAzureCredential.</summary>
    public string? ClientId { get; set; }
}
