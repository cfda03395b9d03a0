using System.Text.Json;
using Serverless.Archive.Http;

namespace Serverless.Archive.Links;

/// <summary>Body of <c>POST /links</c>: a study, optionally one of its series, and how long the link lives.</summary>
public sealed class LinkRequest
{
    /// <summary>Study Instance UID (required).</summary>
    public string? Study { get; set; }

    /// <summary>Series Instance UID; when set only that series is shared.</summary>
    public string? Series { get; set; }

    /// <summary>Lifetime in minutes; the archive's default when absent.</summary>
    public int? ExpiresInMinutes { get; set; }

    /// <summary>Largest body accepted: a link request is a few hundred bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private const string Shape = "send {\"study\": \"<Study Instance UID>\", \"series\": \"<Series Instance UID>\" (optional), \"expiresInMinutes\": <whole number>}.";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a request body (at most <see cref="MaxBodyBytes"/>, whether or not it declares a length) and
    /// says what is wrong with it in words a client can act on. The caller owns <paramref name="body"/>.</summary>
    public static async Task<LinkRequest> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[MaxBodyBytes + 1];
        int length = 0, n;
        while (length < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0) length += n;
        if (length > MaxBodyBytes)
            throw new ArchiveRequestException(413, $"The body is larger than {MaxBodyBytes} bytes; {Shape}");
        if (length == 0)
            throw ArchiveRequestException.BadRequest("The body is empty; " + Shape);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException e)
        {
            throw ArchiveRequestException.BadRequest($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); {Shape}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw ArchiveRequestException.BadRequest("The body is not a JSON object; " + Shape);
            try
            {
                return document.RootElement.Deserialize<LinkRequest>(Json)!;
            }
            catch (JsonException e)
            {
                throw ArchiveRequestException.BadRequest($"'{e.Path?.TrimStart('$', '.')}' has the wrong type; {Shape}");
            }
        }
    }
}

/// <summary>One shared instance: a read-only URL that works with nothing else (no key, no login) until it expires.</summary>
public sealed record LinkedInstance(string Series, string SopInstanceUid, string SopClassUid, long Size, Uri Url);

/// <summary>The answer to <c>POST /links</c>.</summary>
public sealed record StudyLink(string Study, string? Series, DateTimeOffset ExpiresOn, IReadOnlyList<LinkedInstance> Instances);
