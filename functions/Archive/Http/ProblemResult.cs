using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Archive.Http;

/// <summary>An error answer: RFC 9457 problem details with a readable <c>detail</c>; never a stack trace.</summary>
public sealed class ProblemResult(int statusCode, string detail) : IActionResult
{
    public int StatusCode { get; } = statusCode;
    public string Detail { get; } = detail;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        HttpResponse response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "application/problem+json";
        // Writes into the response pipe: Kestrel forbids synchronous writes to the body stream.
        await using var writer = new Utf8JsonWriter(response.BodyWriter, JsonWriting.Options);
        writer.WriteStartObject();
        writer.WriteString("title", Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(StatusCode) is { Length: > 0 } p ? p : "Error");
        writer.WriteNumber("status", StatusCode);
        writer.WriteString("detail", Detail);
        writer.WriteEndObject();
        await writer.FlushAsync(context.HttpContext.RequestAborted);
        await response.BodyWriter.FlushAsync(context.HttpContext.RequestAborted);
    }
}
