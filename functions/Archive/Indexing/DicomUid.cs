using Serverless.Archive.Http;

namespace Serverless.Archive.Indexing;

/// <summary>UID checks for what the archive keys on (PS3.5 §9.1: digits and dots, at most 64 characters).</summary>
public static class DicomUid
{
    /// <summary>
    /// True for 1-64 characters of digits and dots with no empty component. Leading zeros in a component are
    /// tolerated: real files carry them (e.g. "...0363010001..."), and refusing them would lose studies.
    /// </summary>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > 64) return false;
        if (uid[0] == '.' || uid[^1] == '.') return false;
        char previous = '\0';
        foreach (char c in uid)
        {
            if (c == '.') { if (previous == '.') return false; }
            else if (c is < '0' or > '9') return false;
            previous = c;
        }
        return true;
    }

    /// <summary>Throws a 400 naming <paramref name="what"/> when <paramref name="uid"/> is not a valid UID.</summary>
    public static void Require(string uid, string what)
    {
        if (!IsValid(uid))
            throw ArchiveRequestException.BadRequest($"'{Display(uid)}' is not a valid {what} (digits and dots, at most 64 characters).");
    }

    /// <summary>A value as shown in a message: long input is cut, never echoed whole.</summary>
    public static string Display(string value) => value.Length > 80 ? value[..80] + "..." : value;
}
