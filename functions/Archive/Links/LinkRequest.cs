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
}

/// <summary>One shared instance: a read-only URL that works with nothing else (no key, no login) until it expires.</summary>
public sealed record LinkedInstance(string Series, string SopInstanceUid, string SopClassUid, long Size, Uri Url);

/// <summary>The answer to <c>POST /links</c>.</summary>
public sealed record StudyLink(string Study, string? Series, DateTimeOffset ExpiresOn, IReadOnlyList<LinkedInstance> Instances);
