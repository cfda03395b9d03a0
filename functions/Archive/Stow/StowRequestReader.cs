using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Serverless.Archive.Http;

namespace Serverless.Archive.Stow;

/// <summary>
/// Reads the parts of a STOW-RS request body one at a time, without buffering the body:
/// <c>multipart/related; type="application/dicom"</c> (parameters in any order, boundary quoted or not)
/// or a single <c>application/dicom</c> body (PS3.18 §10.5.1).
/// </summary>
public static class StowRequestReader
{
    /// <summary>One part: its declared content type (null when the part has none) and its body stream.</summary>
    public readonly record struct Part(string? ContentType, Stream Body);

    public static async IAsyncEnumerable<Part> ReadPartsAsync(HttpRequest request, long maxPartBytes,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ContentType))
            throw new ArchiveRequestException(415, "The request has no Content-Type. Send multipart/related; type=\"application/dicom\" or application/dicom.");
        MediaRange mediaType = MediaRange.Parse(request.ContentType)
            ?? throw new ArchiveRequestException(400, $"The Content-Type '{request.ContentType}' cannot be parsed.");

        string media = mediaType.MediaType;
        if (media.Equals("application/dicom", StringComparison.OrdinalIgnoreCase))
        {
            yield return new Part("application/dicom", request.Body);
            yield break;
        }
        if (!media.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
            throw new ArchiveRequestException(415,
                $"Content-Type '{media}' is not supported. Send multipart/related; type=\"application/dicom\" or application/dicom.");

        string? type = mediaType["type"];
        if (type is not null && !type.Equals("application/dicom", StringComparison.OrdinalIgnoreCase))
            throw new ArchiveRequestException(415,
                $"multipart/related with type=\"{type}\" is not supported; this archive accepts type=\"application/dicom\" (Part 10 instances).");

        string? boundary = mediaType["boundary"];
        if (string.IsNullOrEmpty(boundary))
            throw new ArchiveRequestException(400, "The multipart/related Content-Type has no boundary parameter.");
        if (boundary.Length > 200)
            throw new ArchiveRequestException(400, "The multipart boundary is longer than 200 characters.");

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxPartBytes };
        while (true)
        {
            MultipartSection? section;
            try
            {
                section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                // The reader's own messages speak of streams and limits; say what is wrong with the body instead.
                throw new ArchiveRequestException(400, $"The multipart body cannot be read: the boundary '{boundary}' from the Content-Type was not found where a part should start, a part ends without its closing boundary, or a part's headers exceed 16 KiB.");
            }
            if (section is null) yield break;
            yield return new Part(section.ContentType, section.Body);
        }
    }
}
