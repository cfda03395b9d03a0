namespace Serverless.Archive.Http;

/// <summary>A request the archive refuses, with the HTTP status and a message a person can act on.</summary>
public sealed class ArchiveRequestException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static ArchiveRequestException NotFound(string message) => new(404, message);
    public static ArchiveRequestException BadRequest(string message) => new(400, message);
}
