using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Serverless.Archive.Indexing;

namespace Serverless.Functions;

/// <summary>
/// Indexes every blob created in the instances container, whether it came through STOW-RS or was copied in
/// (SDK, azcopy). In Azure an Event Grid subscription delivers BlobCreated events; locally the local host's
/// poller calls the same method.
/// </summary>
public sealed class IndexingFunctions(InstanceIndexer indexer, ILogger<IndexingFunctions> logger)
{
    [Function(nameof(IndexInstance))]
    public async Task IndexInstance(
        [BlobTrigger("instances/{name}", Source = BlobTriggerSource.EventGrid, Connection = "ArchiveStorage")] BlobClient blob,
        string name, CancellationToken cancellationToken)
    {
        IndexOutcome outcome = await indexer.IndexBlobAsync(blob.Name, cancellationToken);
        if (outcome.Succeeded) logger.LogInformation("Indexed {BlobName}", name);
        else logger.LogWarning("Did not index {BlobName}: {Kind} {Reason}", name, outcome.Kind, outcome.Reason);
    }
}
