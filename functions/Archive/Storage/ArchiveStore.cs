using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace Serverless.Archive.Storage;

/// <summary>The archive's storage: the instances container and the index tables. Creates them once, on first use.</summary>
public sealed class ArchiveStore
{
    private readonly object _gate = new();
    private Task? _created;

    public ArchiveStore(BlobServiceClient blobs, TableServiceClient tables, IOptions<ArchiveOptions> options)
    {
        ArchiveOptions o = options.Value;
        BlobService = blobs;
        Instances = blobs.GetBlobContainerClient(o.InstancesContainer);
        Studies = tables.GetTableClient(ArchiveNames.StudiesTable(o.TablePrefix));
        InstanceIndex = tables.GetTableClient(ArchiveNames.InstancesTable(o.TablePrefix));
        SopInstances = tables.GetTableClient(ArchiveNames.SopInstancesTable(o.TablePrefix));
    }

    public BlobServiceClient BlobService { get; }

    /// <summary>Container of the stored Part 10 instances.</summary>
    public BlobContainerClient Instances { get; }

    /// <summary>One row per study (partition = study key), for study-level matching.</summary>
    public TableClient Studies { get; }

    /// <summary>One row per instance (partition = study key, row = series key-instance key).</summary>
    public TableClient InstanceIndex { get; }

    /// <summary>One row per SOP Instance UID (partition = its key): the blob that holds it (see SopInstanceClaims).</summary>
    public TableClient SopInstances { get; }

    /// <summary>Makes sure the container and tables exist (once per process; tried again after a failure).</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Task t;
        lock (_gate)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled) _created = CreateAsync();
            t = _created;
        }
        return t.WaitAsync(cancellationToken);
    }

    private async Task CreateAsync()
    {
        await Instances.CreateIfNotExistsAsync(PublicAccessType.None).ConfigureAwait(false);
        await Studies.CreateIfNotExistsAsync().ConfigureAwait(false);
        await InstanceIndex.CreateIfNotExistsAsync().ConfigureAwait(false);
        await SopInstances.CreateIfNotExistsAsync().ConfigureAwait(false);
    }
}
