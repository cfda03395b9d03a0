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
    private const int MaxBodyBytes = 64 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function(nameof(CreateLink))]
    public Task<IActionResult> CreateLink(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "links")] HttpRequest request, CancellationToken cancellationToken) =>
        ArchiveHttp.HandleAsync(async () =>
        {
            // A link request is a few hundred bytes; do not let a huge body be buffered by the JSON reader.
            if (request.ContentLength > MaxBodyBytes)
                throw new ArchiveRequestException(413, $"The body is larger than {MaxBodyBytes} bytes; a link request is a small JSON object.");
            LinkRequest body;
            try
            {
                body = await JsonSerializer.DeserializeAsync<LinkRequest>(request.Body, Json, cancellationToken)
                    ?? throw ArchiveRequestException.BadRequest("The body is empty; send {\"study\": \"<Study Instance UID>\", \"expiresInMinutes\": 60}.");
            }
            catch (JsonException e)
            {
                const string shape = "send {\"study\": \"<Study Instance UID>\", \"series\": \"<Series Instance UID>\" (optional), \"expiresInMinutes\": <whole number>}.";
                string? field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
                throw ArchiveRequestException.BadRequest(field is null
                    ? $"The body is not a JSON object of the expected form (line {e.LineNumber + 1}); {shape}"
                    : $"'{field}' has the wrong type; {shape}");
            }
            StudyLink link = await links.CreateAsync(body, cancellationToken);
            logger.LogInformation("Link minted for {Count} instances, expiring {ExpiresOn}", link.Instances.Count, link.ExpiresOn);
            return new DicomJsonResult(200, (writer, _) =>
            {
                JsonSerializer.Serialize(writer, link, Json);
                return Task.CompletedTask;
            }, "application/json");
        }, logger, cancellationToken);
}
