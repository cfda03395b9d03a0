using Microsoft.AspNetCore.Http;
using Serverless.Archive.Http;
using Serverless.Archive.Indexing;
using Serverless.Dicom;

namespace Serverless.Archive.Qido;

/// <summary>A parsed QIDO-RS request (PS3.18 §10.6.1): matching keys, paging and includefield.</summary>
public sealed class QidoQuery
{
    public required QueryLevel Level { get; init; }
    public string? StudyInstanceUid { get; init; }
    public string? SeriesInstanceUid { get; init; }
    public List<(MatchKey Key, string Value)> Matches { get; } = [];
    public int Offset { get; private set; }
    public int? Limit { get; private set; }
    public bool IncludeAll { get; private set; }
    public HashSet<DicomTag> IncludeFields { get; } = [];

    public static QidoQuery Parse(QueryLevel level, string? study, string? series, IQueryCollection query)
    {
        if (study is not null) DicomUid.Require(study, "Study Instance UID in the URL");
        if (series is not null) DicomUid.Require(series, "Series Instance UID in the URL");
        var q = new QidoQuery { Level = level, StudyInstanceUid = study, SeriesInstanceUid = series };
        foreach ((string name, Microsoft.Extensions.Primitives.StringValues values) in query)
        {
            foreach (string? raw in values)
            {
                string value = raw ?? "";
                switch (name)
                {
                    case "limit": q.Limit = ParseCount(name, value, 1); break;
                    case "offset": q.Offset = ParseCount(name, value, 0); break;
                    case "fuzzymatching": break;   // names are always matched case-insensitively
                    case "includefield": q.AddIncludeFields(value); break;
                    default: q.AddMatch(name, value); break;
                }
            }
        }
        return q;
    }

    private void AddMatch(string name, string value)
    {
        MatchKey key = MatchKey.Find(name) ?? throw ArchiveRequestException.BadRequest(
            $"'{name}' is not a supported matching key. Supported: {string.Join(", ", MatchKey.All.Select(k => k.Keyword))}, limit, offset, includefield, fuzzymatching.");
        if (key.Level > Level)
            throw ArchiveRequestException.BadRequest($"{key.Keyword} is a {key.Level.ToString().ToLowerInvariant()}-level key and cannot be used in a {Level.ToString().ToLowerInvariant()}-level query.");
        // An empty value asks for the attribute to be returned (universal matching, PS3.4 §C.2.2.2.3).
        if (value.Length == 0 || value == "*") IncludeFields.Add(key.Tag);
        else Matches.Add((key, value));
    }

    private void AddIncludeFields(string value)
    {
        foreach (string field in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (field == "all") { IncludeAll = true; continue; }
            if (field.Length == 8 && uint.TryParse(field, System.Globalization.NumberStyles.HexNumber, null, out uint tag))
            {
                IncludeFields.Add(new DicomTag(tag));
                continue;
            }
            DicomTag? known = MatchKey.Find(field)?.Tag ?? DicomKeywords.Find(field);
            if (known is null)
                throw ArchiveRequestException.BadRequest($"includefield '{field}' is not a known attribute keyword or 8-digit hex tag.");
            IncludeFields.Add(known.Value);
        }
    }

    private static int ParseCount(string name, string value, int min)
    {
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, null, out int n) || n < min)
            throw ArchiveRequestException.BadRequest($"'{name}' must be a whole number of at least {min}; got '{value}'.");
        return n;
    }
}
