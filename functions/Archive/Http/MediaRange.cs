using System.Globalization;
using System.Text;

namespace Serverless.Archive.Http;

/// <summary>
/// A media type with parameters, parsed leniently: DICOMweb clients often send unquoted parameter values that
/// are not HTTP tokens (<c>type=application/dicom</c>), which strict header parsers refuse.
/// </summary>
public sealed record MediaRange(string MediaType, IReadOnlyDictionary<string, string> Parameters, double Quality)
{
    public string? this[string parameter] => Parameters.TryGetValue(parameter, out string? v) ? v : null;

    public bool Is(string mediaType) => MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses one media type; null when there is no type/subtype.</summary>
    public static MediaRange? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        List<string> pieces = SplitOutsideQuotes(value, ';');
        string type = pieces[0].Trim().ToLowerInvariant();
        if (type.Length == 0 || !type.Contains('/')) return null;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        double quality = 1.0;
        foreach (string piece in pieces.Skip(1))
        {
            int eq = piece.IndexOf('=');
            if (eq <= 0) continue;
            string name = piece[..eq].Trim();
            string v = Unquote(piece[(eq + 1)..].Trim());
            if (name.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double q)) quality = q;
                continue;
            }
            parameters[name] = v;
        }
        return new MediaRange(type, parameters, quality);
    }

    /// <summary>Parses an Accept header (several values, comma separated, possibly in several header lines).</summary>
    public static List<MediaRange> ParseList(IEnumerable<string?> headerValues)
    {
        var ranges = new List<MediaRange>();
        foreach (string? header in headerValues)
        {
            if (header is null) continue;
            foreach (string item in SplitOutsideQuotes(header, ','))
            {
                if (Parse(item) is { } r) ranges.Add(r);
            }
        }
        return ranges;
    }

    private static List<string> SplitOutsideQuotes(string value, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '"') quoted = !quoted;
            else if (c == '\\' && quoted && i + 1 < value.Length) { current.Append(c).Append(value[++i]); continue; }
            if (c == separator && !quoted) { parts.Add(current.ToString()); current.Clear(); continue; }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts;
    }

    private static string Unquote(string v)
    {
        if (v.Length < 2 || v[0] != '"' || v[^1] != '"') return v;
        var sb = new StringBuilder(v.Length);
        for (int i = 1; i < v.Length - 1; i++)
        {
            if (v[i] == '\\' && i + 1 < v.Length - 1) i++;
            sb.Append(v[i]);
        }
        return sb.ToString();
    }
}
