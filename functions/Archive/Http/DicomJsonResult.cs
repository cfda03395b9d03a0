using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Archive.Http;

/// <summary>An <c>application/dicom+json</c> answer written straight to the response body by <paramref name="write"/>.</summary>
public sealed class DicomJsonResult(int statusCode, Func<Utf8JsonWriter, CancellationToken, Task> write, string contentType = "application/dicom+json") : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        HttpResponse response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = contentType;
        // Writes into the response pipe: Kestrel forbids synchronous writes to the body stream.
        await using var writer = new Utf8JsonWriter(response.BodyWriter, JsonWriting.Options);
        await write(writer, context.HttpContext.RequestAborted);
        await writer.FlushAsync(context.HttpContext.RequestAborted);
        await response.BodyWriter.FlushAsync(context.HttpContext.RequestAborted);
    }
}
