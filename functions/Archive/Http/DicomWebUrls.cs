using Microsoft.AspNetCore.Http;

namespace Serverless.Archive.Http;

/// <summary>Absolute URLs the archive hands out (RetrieveURL, BulkDataURI).</summary>
public static class DicomWebUrls
{
    public const string RootPath = "dicomweb";

    /// <summary>The DICOMweb root as the client reached it, e.g. "https://app.azurewebsites.net/dicomweb".</summary>
    public static string Root(HttpRequest request, ArchiveOptions options) =>
        (string.IsNullOrEmpty(options.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : options.PublicBaseUrl.TrimEnd('/')) + "/" + RootPath;
}
