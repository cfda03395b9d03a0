using Microsoft.Extensions.Primitives;
using Serverless.Archive.Http;

namespace Serverless.Archive.Wado;

/// <summary>What a WADO-RS retrieve will answer with, chosen from the Accept header (PS3.18 §8.7.3).</summary>
public enum RetrieveFormat { MultipartDicom, SingleDicom }

public static class AcceptNegotiation
{
    /// <summary>
    /// Chooses the format for a retrieve of instances stored in <paramref name="storedSyntaxes"/>. The archive never
    /// transcodes: a requested transfer-syntax must be '*' or the stored one, else 406. An absent transfer-syntax
    /// parameter is taken as "as stored" (PS3.18 would default to Explicit VR Little Endian, which would refuse
    /// every compressed study to clients that do not name '*').
    /// </summary>
    public static RetrieveFormat ChooseRetrieveFormat(StringValues accept, IReadOnlyCollection<string> storedSyntaxes, bool singleInstance)
    {
        if (StringValues.IsNullOrEmpty(accept)) return RetrieveFormat.MultipartDicom;
        List<MediaRange> ranges = MediaRange.ParseList(accept);
        if (ranges.Count == 0)
            throw new ArchiveRequestException(400, $"The Accept header '{accept}' cannot be parsed.");
        var refused = new List<string>();
        foreach (MediaRange range in ranges.OrderByDescending(r => r.Quality))
        {
            string media = range.MediaType;
            string? ts = range["transfer-syntax"];
            if (ts is not null && ts != "*" && storedSyntaxes.Any(s => s != ts))
            {
                refused.Add($"transfer-syntax={ts}");
                continue;
            }
            switch (media)
            {
                case "*/*":
                case "multipart/*":
                    return RetrieveFormat.MultipartDicom;
                case "multipart/related":
                    string? type = range["type"];
                    if (type is null || type.Equals("application/dicom", StringComparison.OrdinalIgnoreCase)) return RetrieveFormat.MultipartDicom;
                    refused.Add($"multipart/related; type={type}");
                    break;
                case "application/dicom":
                    if (singleInstance) return RetrieveFormat.SingleDicom;
                    return RetrieveFormat.MultipartDicom;
                default:
                    refused.Add(media);
                    break;
            }
        }
        throw new ArchiveRequestException(406,
            $"None of the accepted media types can be served ({string.Join(", ", refused)}). This archive returns instances as stored " +
            $"(transfer syntax {string.Join(", ", storedSyntaxes.Distinct())}): ask for multipart/related; type=\"application/dicom\"; transfer-syntax=*.");
    }
}
