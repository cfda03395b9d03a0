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

    /// <summary>Parameters the archive ignored, each for a <c>Warning: 299</c> header (PS3.18 §8.3.4.5).</summary>
    public List<string> Warnings { get; } = [];

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
                    case "fuzzymatching":
                        q.Warnings.Add("fuzzymatching is not supported; names are matched case-insensitively with wildcards.");
                        break;
                    case "emptyvaluematching" or "orderby":
                        q.Warnings.Add($"{name} is not supported and was ignored.");
                        break;
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
        if (value.Length == 0 || value == "*") { IncludeFields.Add(key.Tag); return; }
        // A repeated key would be read as AND by some servers and OR by others: ask for one list instead.
        if (Matches.Any(m => m.Key == key))
            throw ArchiveRequestException.BadRequest($"{key.Keyword} is given more than once; give it once, with several values separated by commas where the key takes a list.");
        Validate(key, value);
        Matches.Add((key, value));
    }

    /// <summary>A value that can match nothing is a client error, not an empty result: say what is wrong.</summary>
    private static void Validate(MatchKey key, string value)
    {
        switch (key.Kind)
        {
            case MatchKind.UidList:
                foreach (string uid in value.Split([',', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!DicomUid.IsValid(uid))
                        throw ArchiveRequestException.BadRequest($"{key.Keyword} '{DicomUid.Display(uid)}' is not a valid UID (digits and dots, at most 64 characters).");
                }
                break;
            case MatchKind.DateRange:
                // PS3.4 §C.2.2.2.5: a date, or a range with either end left open; dates are YYYYMMDD (PS3.5 §6.2 DA).
                int dash = value.IndexOf('-');
                string[] ends = dash < 0 ? [value] : [value[..dash].Trim(), value[(dash + 1)..].Trim()];
                foreach (string end in ends)
                {
                    if (end.Length > 0 && !DateTime.TryParseExact(end, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
                        throw ArchiveRequestException.BadRequest($"{key.Keyword} '{value}' is not a date (YYYYMMDD) or a range (YYYYMMDD-YYYYMMDD, either end may be left out).");
                }
                if (ends.Length == 2 && ends[0].Length == 0 && ends[1].Length == 0)
                    throw ArchiveRequestException.BadRequest($"{key.Keyword} '-' is a range with neither end.");
                if (ends.Length == 2 && ends[0].Length > 0 && ends[1].Length > 0 && string.CompareOrdinal(ends[0], ends[1]) > 0)
                    throw ArchiveRequestException.BadRequest($"{key.Keyword} '{value}' is a range that ends before it starts.");
                break;
            case MatchKind.Integer:
                if (!ValueMatcher.TryParseInteger(value, out _))
                    throw ArchiveRequestException.BadRequest($"{key.Keyword} '{value}' is not a whole number.");
                break;
        }
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
            // Any PS3.6 keyword, not only the ones the archive matches on.
            DicomTag? known = MatchKey.Find(field)?.Tag ?? (DicomDictionary.TryGetTag(field, out DicomTag t) ? t : null);
            if (known is null)
                throw ArchiveRequestException.BadRequest($"includefield '{field}' is not a known attribute keyword or 8-digit hex tag.");
            IncludeFields.Add(known.Value);
        }
    }

    private static int ParseCount(string name, string value, int min)
    {
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, null, out int n) || n < min)
            throw ArchiveRequestException.BadRequest($"'{name}' must be a whole number from {min} to {int.MaxValue}; got '{value}'.");
        return n;
    }
}
