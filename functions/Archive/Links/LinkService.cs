using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Options;
using Serverless.Archive.Http;
using Serverless.Archive.Indexing;
using Serverless.Archive.Storage;

namespace Serverless.Archive.Links;

/// <summary>
/// Mints read-only, time-limited SAS URLs, one per instance (a flat blob namespace has no prefix-scoped SAS).
/// With an account key (Azurite, local) the SAS is signed with the key; with a managed identity it is a
/// user delegation SAS, so the deployed archive holds no account keys.
/// </summary>
public sealed class LinkService(ArchiveStore store, InstanceCatalog catalog, IOptions<ArchiveOptions> options, TimeProvider time)
{
    // Tolerates clock skew between the archive and the storage service.
    private static readonly TimeSpan StartSkew = TimeSpan.FromMinutes(5);

    public async Task<StudyLink> CreateAsync(LinkRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Study))
            throw ArchiveRequestException.BadRequest("'study' (the Study Instance UID) is required.");
        TimeSpan lifetime = request.ExpiresInMinutes is int minutes ? TimeSpan.FromMinutes(minutes) : options.Value.DefaultLinkLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > options.Value.MaxLinkLifetime)
            throw ArchiveRequestException.BadRequest(
                $"'expiresInMinutes' must be between 1 and {(int)options.Value.MaxLinkLifetime.TotalMinutes}.");

        List<IndexedInstance> instances = await catalog.ResolveAsync(request.Study, request.Series, null, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset startsOn = now - StartSkew, expiresOn = now + lifetime;
        // A user delegation key may end at most 7 days after the service's "now"; a few minutes' margin keeps a
        // 7-day link from being refused when our clock runs ahead. Such a link ends those minutes early.
        DateTimeOffset latestKeyExpiry = now + TimeSpan.FromDays(7) - StartSkew;
        if (!store.Instances.CanGenerateSasUri && expiresOn > latestKeyExpiry) expiresOn = latestKeyExpiry;
        UserDelegationKey? delegationKey = null;
        var linked = new List<LinkedInstance>(instances.Count);
        foreach (IndexedInstance i in instances)
        {
            BlobClient blob = store.Instances.GetBlobClient(i.BlobName);
            var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
            {
                BlobContainerName = blob.BlobContainerName,
                BlobName = blob.Name,
                Resource = "b",
                StartsOn = startsOn,
                Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
                ContentType = "application/dicom",
            };
            Uri url;
            if (blob.CanGenerateSasUri)
            {
                url = blob.GenerateSasUri(sas);
            }
            else
            {
                delegationKey ??= (await store.BlobService.GetUserDelegationKeyAsync(startsOn, expiresOn, cancellationToken).ConfigureAwait(false)).Value;
                url = new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(delegationKey, store.BlobService.AccountName) }.ToUri();
            }
            linked.Add(new LinkedInstance(i.SeriesInstanceUid, i.SopInstanceUid, i.SopClassUid, i.Size, url));
        }
        return new StudyLink(request.Study, request.Series, expiresOn, linked);
    }
}
