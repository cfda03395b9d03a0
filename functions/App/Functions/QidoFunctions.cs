using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Archive;
using Serverless.Archive.Http;
using Serverless.Archive.Qido;

namespace Serverless.Functions;

/// <summary>QIDO-RS searches at study, series and instance level (PS3.18 §10.6).</summary>
public sealed class QidoFunctions(QidoService qido, IOptions<ArchiveOptions> options, ILogger<QidoFunctions> logger)
{
    [Function(nameof(SearchStudies))]
    public Task<IActionResult> SearchStudies(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies")] HttpRequest request, CancellationToken cancellationToken) =>
        SearchAsync(request, QueryLevel.Study, null, null, cancellationToken);

    [Function(nameof(SearchSeries))]
    public Task<IActionResult> SearchSeries(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/series")] HttpRequest request, CancellationToken cancellationToken) =>
        SearchAsync(request, QueryLevel.Series, null, null, cancellationToken);

    [Function(nameof(SearchInstances))]
    public Task<IActionResult> SearchInstances(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/instances")] HttpRequest request, CancellationToken cancellationToken) =>
        SearchAsync(request, QueryLevel.Instance, null, null, cancellationToken);

    [Function(nameof(SearchStudySeries))]
    public Task<IActionResult> SearchStudySeries(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies/{study}/series")] HttpRequest request,
        string study, CancellationToken cancellationToken) =>
        SearchAsync(request, QueryLevel.Series, study, null, cancellationToken);

    [Function(nameof(SearchStudyInstances))]
    public Task<IActionResult> SearchStudyInstances(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies/{study}/instances")] HttpRequest request,
        string study, CancellationToken cancellationToken) =>
        SearchAsync(request, QueryLevel.Instance, study, null, cancellationToken);

    [Function(nameof(SearchSeriesInstances))]
    public Task<IActionResult> SearchSeriesInstances(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dicomweb/studies/{study}/series/{series}/instances")] HttpRequest request,
        string study, string series, CancellationToken cancellationToken) =>
        SearchAsync(request, QueryLevel.Instance, study, series, cancellationToken);

    private Task<IActionResult> SearchAsync(HttpRequest request, QueryLevel level, string? study, string? series, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(async () =>
        {
            QidoQuery query = QidoQuery.Parse(level, study, series, request.Query);
            QidoService.QidoResult result = await qido.SearchAsync(query, DicomWebUrls.Root(request, options.Value), cancellationToken);
            foreach (string warning in query.Warnings)
                request.HttpContext.Response.Headers.Append("Warning", $"299 dicomweb: \"{warning}\"");
            if (result.Truncated)
                request.HttpContext.Response.Headers.Append("Warning", "299 dicomweb: \"The number of results exceeded the maximum; use limit and offset to page.\"");
            return new DicomJsonResult(200, (writer, _) =>
            {
                writer.WriteStartArray();
                foreach (Action<System.Text.Json.Utf8JsonWriter> item in result.Items) item(writer);
                writer.WriteEndArray();
                return Task.CompletedTask;
            });
        }, logger, cancellationToken);
}
