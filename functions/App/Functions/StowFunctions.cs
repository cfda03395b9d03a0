using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Archive;
using Serverless.Archive.Http;
using Serverless.Archive.Stow;

namespace Serverless.Functions;

/// <summary>STOW-RS: <c>POST /dicomweb/studies[/{study}]</c> (PS3.18 §10.5).</summary>
public sealed class StowFunctions(StowService stow, IOptions<ArchiveOptions> options, ILogger<StowFunctions> logger)
{
    [Function(nameof(StoreInstances))]
    public Task<IActionResult> StoreInstances(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "dicomweb/studies/{study?}")] HttpRequest request,
        string? study, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(async () =>
        {
            StowResponse response = await stow.StoreAsync(request, study, DicomWebUrls.Root(request, options.Value), cancellationToken);
            logger.LogInformation("STOW-RS stored {Stored} of {Parts} parts", response.Results.Count(r => r.Stored), response.Results.Count);
            return new DicomJsonResult(response.StatusCode, (writer, _) => { response.Write(writer); return Task.CompletedTask; });
        }, logger, cancellationToken);
}
