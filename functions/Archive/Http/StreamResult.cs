using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Archive.Http;

/// <summary>Streams one body with a content type, without MVC's executors (so both hosts run it the same way). Disposes the stream.</summary>
public sealed class StreamResult(Stream content, string contentType) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        HttpResponse response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        await using (content)
        {
            await content.CopyToAsync(response.Body, 81920, context.HttpContext.RequestAborted);
        }
    }
}
