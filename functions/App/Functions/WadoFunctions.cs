using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Archive;
using Serverless.Archive.Http;
using Serverless.Archive.Wado;

namespace Serverless.Functions;

/// <summary>WADO-RS retrieve of instances, metadata and bulk data (PS3.18 §10.4).</summary>
public sealed class WadoFunctions(WadoService wado, IOptions<ArchiveOptions> options, ILogger<WadoFunctions> logger)
{
    [Function(nameof(RetrieveStudy))]
    public Task<IActionResult> RetrieveStudy(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies/{study}")] HttpRequest request,
        string study, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(() => wado.RetrieveAsync(study, null, null, request.Headers.Accept, cancellationToken), logger, cancellationToken);

    [Function(nameof(RetrieveSeries))]
    public Task<IActionResult> RetrieveSeries(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies/{study}/series/{series}")] HttpRequest request,
        string study, string series, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(() => wado.RetrieveAsync(study, series, null, request.Headers.Accept, cancellationToken), logger, cancellationToken);

    [Function(nameof(RetrieveInstance))]
    public Task<IActionResult> RetrieveInstance(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies/{study}/series/{series}/instances/{instance}")] HttpRequest request,
        string study, string series, string instance, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(() => wado.RetrieveAsync(study, series, instance, request.Headers.Accept, cancellationToken), logger, cancellationToken);

    [Function(nameof(RetrieveStudyMetadata))]
    public Task<IActionResult> RetrieveStudyMetadata(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies/{study}/metadata")] HttpRequest request,
        string study, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(() => wado.MetadataAsync(study, null, null, Root(request), cancellationToken), logger, cancellationToken);

    [Function(nameof(RetrieveSeriesMetadata))]
    public Task<IActionResult> RetrieveSeriesMetadata(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies/{study}/series/{series}/metadata")] HttpRequest request,
        string study, string series, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(() => wado.MetadataAsync(study, series, null, Root(request), cancellationToken), logger, cancellationToken);

    [Function(nameof(RetrieveInstanceMetadata))]
    public Task<IActionResult> RetrieveInstanceMetadata(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies/{study}/series/{series}/instances/{instance}/metadata")] HttpRequest request,
        string study, string series, string instance, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(() => wado.MetadataAsync(study, series, instance, Root(request), cancellationToken), logger, cancellationToken);

    [Function(nameof(RetrieveBulkData))]
    public Task<IActionResult> RetrieveBulkData(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies/{study}/series/{series}/instances/{instance}/bulkdata/{*path}")] HttpRequest request,
        string study, string series, string instance, string path, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(() => wado.BulkDataAsync(study, series, instance, path, cancellationToken), logger, cancellationToken);

    private string Root(HttpRequest request) => DicomWebUrls.Root(request, options.Value);
}
