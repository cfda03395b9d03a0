using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Archive.Indexing;
using Serverless.Archive.Links;
using Serverless.Archive.Storage;
using Serverless.LocalHost;

namespace Serverless.Archive.Tests;

/// <summary>
/// The Azure path of share links: with a token credential (managed identity in Azure) there is no account key, so
/// the archive must sign with a user delegation key. Azurite checks this with --oauth basic over HTTPS; it does not
/// verify the token's signature, so an unsigned JWT stands in for Entra ID (see shared/notes/azure-facts.md).
/// </summary>
public sealed class UserDelegationLinkTests
{
    [Fact]
    public async Task LinkFromAManagedIdentity_IsAUserDelegationSas_ThatDownloadsTheInstance()
    {
        string dir = Directory.CreateTempSubdirectory("azurite-tls").FullName;
        using RSA rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(Path.Combine(dir, "cert.pem"), cert.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(dir, "key.pem"), rsa.ExportPkcs8PrivateKeyPem());

        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(null, extraArguments:
            ["--oauth", "basic", "--cert", Path.Combine(dir, "cert.pem"), "--key", Path.Combine(dir, "key.pem")]);
        var transport = new HttpClientTransport(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
        var blobUri = new Uri($"https://127.0.0.1:{azurite.BlobPort}/{AzuriteProcess.AccountName}");
        var tableUri = new Uri($"https://127.0.0.1:{azurite.TablePort}/{AzuriteProcess.AccountName}");

        var identityBlobs = new BlobServiceClient(blobUri, new UnsignedJwtCredential(), new BlobClientOptions { Transport = transport });
        var keyTables = new TableServiceClient(tableUri, new TableSharedKeyCredential(AzuriteProcess.AccountName, AzuriteProcess.AccountKey), new TableClientOptions { Transport = transport });
        var options = Options.Create(new ArchiveOptions());
        var store = new ArchiveStore(identityBlobs, keyTables, options);
        await store.EnsureCreatedAsync(CancellationToken.None);

        Samples.Sample sample = Samples.Get("modality/CT_small.dcm");
        byte[] bytes = await File.ReadAllBytesAsync(sample.FullPath);
        await store.Instances.GetBlobClient("copied/ct.dcm").UploadAsync(new BinaryData(bytes));
        IndexOutcome outcome = await new InstanceIndexer(store, new SopInstanceClaims(store), NullLogger<InstanceIndexer>.Instance).IndexBlobAsync("copied/ct.dcm", CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.False(store.Instances.GetBlobClient("copied/ct.dcm").CanGenerateSasUri);

        var links = new LinkService(store, new InstanceCatalog(store), options, TimeProvider.System);
        StudyLink link = await links.CreateAsync(new LinkRequest { Study = outcome.Instance!.StudyInstanceUid, ExpiresInMinutes = 10 }, CancellationToken.None);
        Uri url = link.Instances.Single().Url;
        Assert.Contains("skoid=", url.Query);   // signed with a user delegation key, not an account key
        Assert.Equal("https", url.Scheme);

        using var anonymous = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await anonymous.GetByteArrayAsync(url)));
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(url.ToString().Replace("sig=", "sig=A"))).StatusCode);
    }

    /// <summary>An Entra ID-shaped token without a signature; Azurite checks issuer, audience and times only.</summary>
    private sealed class UnsignedJwtCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            const string tenant = "00000000-0000-0000-0000-000000000001";
            string header = B64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
            string payload = B64($"{{\"iss\":\"https://sts.windows.net/{tenant}/\",\"aud\":\"https://storage.azure.com\",\"tid\":\"{tenant}\",\"oid\":\"00000000-0000-0000-0000-000000000002\"," +
                                 $"\"iat\":{now.AddMinutes(-5).ToUnixTimeSeconds()},\"nbf\":{now.AddMinutes(-5).ToUnixTimeSeconds()},\"exp\":{now.AddHours(1).ToUnixTimeSeconds()}}}");
            return new AccessToken($"{header}.{payload}.", now.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));

        private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
