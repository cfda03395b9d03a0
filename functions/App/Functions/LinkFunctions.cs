using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Serverless.Archive.Http;
using Serverless.Archive.Links;

namespace Serverless.Functions;

/// <summary><c>POST /links</c>: time-limited read-only URLs for a study or series.</summary>
public sealed class LinkFunctions(LinkService links, ILogger<LinkFunctions> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function(nameof(CreateLink))]
    public Task<IActionResult> CreateLink(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "links")] HttpRequest request, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(async () =>
        {
            LinkRequest body = await LinkRequest.ReadAsync(request.Body, cancellationToken);
            StudyLink link = await links.CreateAsync(body, cancellationToken);
            logger.LogInformation("Link minted for {Count} instances, expiring {ExpiresOn}", link.Instances.Count, link.ExpiresOn);
            return new DicomJsonResult(200, (writer, _) =>
            {
                JsonSerializer.Serialize(writer, link, Json);
                return Task.CompletedTask;
            }, "application/json");
        }, logger, cancellationToken);
}
