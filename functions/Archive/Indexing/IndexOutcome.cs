namespace Serverless.Archive.Indexing;

public enum IndexOutcomeKind
{
    Indexed,
    NotDicom,
    MissingAttributes,
    BlobNotFound,
    /// <summary>Another existing blob already holds the SOP Instance UID (<see cref="IndexOutcome.HeldBy"/>); this one was not indexed.</summary>
    HeldByAnotherBlob,
}

/// <summary>What indexing one blob did; <see cref="Reason"/> is readable text for logs and STOW failure comments.</summary>
public sealed record IndexOutcome(IndexOutcomeKind Kind, string? Reason = null, InstanceIdentity? Instance = null, string? HeldBy = null)
{
    public bool Succeeded => Kind == IndexOutcomeKind.Indexed;
}

/// <summary>The four UIDs the archive keys an instance on.</summary>
public sealed record InstanceIdentity(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid);
