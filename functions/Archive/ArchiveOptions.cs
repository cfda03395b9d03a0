namespace Serverless.Archive;

/// <summary>Settings of the archive, bound from the configuration section "Archive".</summary>
public sealed class ArchiveOptions
{
    public const string SectionName = "Archive";

    /// <summary>Blob container that holds the instances, byte for byte as received.</summary>
    public string InstancesContainer { get; set; } = "instances";

    /// <summary>Prefix of the Azure Tables that hold the index (studies, series, instances).</summary>
    public string TablePrefix { get; set; } = "dicom";

    /// <summary>Base URL clients use to reach the archive (e.g. behind a proxy); empty takes it from each request.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Longest lifetime a share link may ask for.</summary>
    public TimeSpan MaxLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Lifetime of a share link when the request names none.</summary>
    public TimeSpan DefaultLinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Largest single instance STOW-RS accepts, in bytes.</summary>
    public long MaxInstanceBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Most results one QIDO-RS page returns.</summary>
    public int MaxQueryResults { get; set; } = 1000;

    /// <summary>
    /// Largest request body the function app's worker (its own Kestrel) accepts, in bytes; null sets no limit of its own
    /// (the Functions host still applies <c>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT</c>). infra/main.bicep sets both to one number.
    /// </summary>
    public long? MaxRequestBodyBytes { get; set; }

    /// <summary>
    /// Endpoint of the Event Grid custom topic for the archive's own events (CloudEvents, Microsoft Entra auth), set by
    /// infra/main.bicep; null publishes nothing. Nothing publishes yet: the events come with a later feature.
    /// </summary>
    public Uri? EventTopicEndpoint { get; set; }
}
