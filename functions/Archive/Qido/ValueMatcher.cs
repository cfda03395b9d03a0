namespace Serverless.Archive.Qido;

/// <summary>Matches one stored value against one QIDO-RS key value (PS3.4 §C.2.2.2).</summary>
public static class ValueMatcher
{
    public static bool Matches(MatchKind kind, string pattern, string? value)
    {
        value ??= "";
        switch (kind)
        {
            case MatchKind.UidList:
                foreach (string uid in pattern.Split([',', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (uid == value) return true;
                }
                return false;
            case MatchKind.DateRange:
                return DateMatches(pattern, value);
            case MatchKind.PersonName:
                // Trailing empty components are insignificant (PS3.5 §6.2.1): "Yamada^Tarou^^^" is "Yamada^Tarou".
                pattern = WithoutTrailingComponents(pattern);
                value = WithoutTrailingComponents(value);
                return Wildcard(pattern, value, ignoreCase: true) || AnyGroupMatches(pattern, value);
            case MatchKind.AnyOf:
                string[] have = value.Split('\\', StringSplitOptions.RemoveEmptyEntries);
                foreach (string wanted in pattern.Split([',', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (Array.IndexOf(have, wanted) >= 0) return true;
                }
                return false;
            case MatchKind.Integer:
                return TryParseInteger(value, out int stored) && TryParseInteger(pattern, out int wantedNumber) && stored == wantedNumber;
            default:
                return Wildcard(pattern, value, ignoreCase: false);
        }
    }

    /// <summary>An IS value (PS3.5 §6.2: optional sign, digits, padding), the same way for keys and stored values.</summary>
    public static bool TryParseInteger(string text, out int value) =>
        int.TryParse(text.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);

    /// <summary>Drops empty trailing components ('^' and padding) at the end of each component group.</summary>
    private static string WithoutTrailingComponents(string name)
    {
        if (!name.Contains('^') && !name.EndsWith(' ')) return name;
        return string.Join('=', name.Split('=').Select(group => group.TrimEnd('^', ' ')));
    }

    // A name is stored as "Alphabetic=Ideographic=Phonetic"; a key may match any one group.
    private static bool AnyGroupMatches(string pattern, string value)
    {
        if (!value.Contains('=')) return false;
        foreach (string group in value.Split('='))
        {
            if (group.Length > 0 && Wildcard(pattern, group, ignoreCase: true)) return true;
        }
        return false;
    }

    private static bool DateMatches(string pattern, string value)
    {
        int dash = pattern.IndexOf('-');
        if (dash < 0) return value == pattern.Trim();
        if (value.Length == 0) return false;
        string from = pattern[..dash].Trim(), to = pattern[(dash + 1)..].Trim();
        if (from.Length > 0 && string.CompareOrdinal(value, from) < 0) return false;
        if (to.Length > 0 && string.CompareOrdinal(value, to) > 0) return false;
        return true;
    }

    /// <summary>'*' matches any run of characters, '?' exactly one (iterative, no regex, linear in practice).</summary>
    public static bool Wildcard(string pattern, string value, bool ignoreCase)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase))) { p++; v++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = v; }
            else if (star >= 0) { p = star + 1; v = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
