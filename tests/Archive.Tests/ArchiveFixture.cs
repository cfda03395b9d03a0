using System.Net.Http.Headers;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Serverless.LocalHost;

namespace Serverless.Archive.Tests;

/// <summary>
/// A whole archive for a test class: Azurite in memory on free ports, and the local host (the same function
/// classes the Functions host runs) on a free port. Nothing is mocked.
/// </summary>
public sealed class ArchiveFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public string ConnectionString => _azurite!.ConnectionString;
    public BlobContainerClient Instances => new BlobServiceClient(ConnectionString).GetBlobContainerClient("instances");
    public TableServiceClient Tables => new(ConnectionString);

    /// <summary>The archive's services, for driving the blob trigger's indexer directly (no waiting on the poller).</summary>
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(dataDirectory: null);
        _app = LocalArchive.Build(new LocalArchive.Settings(_azurite.ConnectionString, Port: 0, QuietLogs: true));
        await _app.StartAsync();
        BaseAddress = LocalArchive.Address(_app);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    /// <summary>Number of blobs in the instances container (0 when it does not exist yet).</summary>
    public async Task<int> CountBlobsAsync()
    {
        BlobContainerClient c = Instances;
        if (!await c.ExistsAsync()) return 0;
        int n = 0;
        await foreach (var _ in c.GetBlobsAsync()) n++;
        return n;
    }

    public static HttpContent DicomContent(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        return content;
    }
}
