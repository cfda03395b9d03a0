using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Archive.Storage;
using Serverless.Functions;

namespace Serverless.LocalHost;

/// <summary>
/// Stands in for Event Grid locally (Azurite sends no events): lists the instances container every
/// <see cref="Interval"/> and calls the same blob-trigger function for each blob that is new or changed.
/// </summary>
public sealed class BlobIndexPoller(ArchiveStore store, IServiceProvider services, ILogger<BlobIndexPoller> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private readonly Dictionary<string, Azure.ETag> _seen = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.EnsureCreatedAsync(stoppingToken);
                await PollOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (ObjectDisposedException) { return; }   // the host is shutting down
            catch (Exception e)
            {
                logger.LogWarning("Blob poll failed: {Message}", e.Message);
            }
            await Task.Delay(Interval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    private async Task PollOnceAsync(CancellationToken ct)
    {
        await foreach (BlobItem item in store.Instances.GetBlobsAsync(cancellationToken: ct))
        {
            if (_seen.TryGetValue(item.Name, out Azure.ETag etag) && etag == item.Properties.ETag) continue;
            BlobClient blob = store.Instances.GetBlobClient(item.Name);
            var function = ActivatorUtilities.CreateInstance<IndexingFunctions>(services);
            try
            {
                await function.IndexInstance(blob, item.Name, ct);
                _seen[item.Name] = item.Properties.ETag ?? default;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Like the Functions host, try again on a later poll.
                logger.LogWarning("Indexing {BlobName} failed, will retry: {Message}", item.Name, e.Message);
            }
        }
    }
}
