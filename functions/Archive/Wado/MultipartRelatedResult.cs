using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Archive.Wado;

/// <summary>
/// A <c>multipart/related</c> answer whose parts are streamed one after another straight from storage
/// (PS3.18 §8.7.3.3); nothing is buffered beyond the copy buffer.
/// </summary>
public sealed class MultipartRelatedResult(string type, IReadOnlyList<MultipartRelatedResult.Part> parts) : IActionResult
{
    /// <summary>One part: its Content-Type and a function that opens its body (the result disposes the stream).</summary>
    public sealed record Part(string ContentType, Func<CancellationToken, Task<Stream>> OpenAsync, string? ContentLocation = null);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        HttpResponse response = context.HttpContext.Response;
        CancellationToken ct = context.HttpContext.RequestAborted;
        string boundary = "dicom-" + Guid.NewGuid().ToString("N");
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"multipart/related; type=\"{type}\"; boundary={boundary}";
        foreach (Part part in parts)
        {
            var header = new StringBuilder();
            header.Append("--").Append(boundary).Append("\r\n");
            header.Append("Content-Type: ").Append(part.ContentType).Append("\r\n");
            if (part.ContentLocation is not null) header.Append("Content-Location: ").Append(part.ContentLocation).Append("\r\n");
            header.Append("\r\n");
            await response.Body.WriteAsync(Encoding.ASCII.GetBytes(header.ToString()), ct);
            await using (Stream body = await part.OpenAsync(ct))
            {
                await body.CopyToAsync(response.Body, 81920, ct);
            }
            await response.Body.WriteAsync("\r\n"u8.ToArray(), ct);
        }
        await response.Body.WriteAsync(Encoding.ASCII.GetBytes($"--{boundary}--\r\n"), ct);
    }
}
