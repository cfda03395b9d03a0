using System.Text.Json;
using Serverless.Dicom;

namespace Serverless.Archive.Stow;

/// <summary>The outcome of one part of a STOW-RS request.</summary>
public sealed record StowInstanceResult(string? SopClassUid, string? SopInstanceUid, string? RetrieveUrl, ushort? FailureReason, string? Comment)
{
    public bool Stored => FailureReason is null;

    public static StowInstanceResult Failed(ushort reason, string comment, string? sopClassUid = null, string? sopInstanceUid = null) =>
        new(sopClassUid, sopInstanceUid, null, reason, comment);
}

/// <summary>The Store Instances Response (PS3.18 §10.5.3) for a whole request.</summary>
public sealed class StowResponse(string? studyRetrieveUrl, IReadOnlyList<StowInstanceResult> results)
{
    private static readonly DicomTag RetrieveURL = new(0x0008, 0x1190);
    private static readonly DicomTag FailedSOPSequence = new(0x0008, 0x1198);
    private static readonly DicomTag ReferencedSOPSequence = new(0x0008, 0x1199);
    private static readonly DicomTag ReferencedSOPClassUID = new(0x0008, 0x1150);
    private static readonly DicomTag ReferencedSOPInstanceUID = new(0x0008, 0x1155);
    private static readonly DicomTag FailureReason = new(0x0008, 0x1197);
    // PS3.7 Error Comment: the archive puts its readable explanation of a failure here.
    private static readonly DicomTag ErrorComment = new(0x0000, 0x0902);

    public IReadOnlyList<StowInstanceResult> Results { get; } = results;

    /// <summary>200 all stored, 202 some failed, 409 none stored (PS3.18 §10.5.3.1).</summary>
    public int StatusCode
    {
        get
        {
            int stored = Results.Count(r => r.Stored);
            return stored == Results.Count ? 200 : stored == 0 ? 409 : 202;
        }
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        // Type 2 (PS3.18 Table I.1-1): the study's URL when the stored instances are of one study, else empty.
        string? studyUrl = studyRetrieveUrl is not null && Results.Any(r => r.Stored) ? studyRetrieveUrl : SingleStoredStudyUrl();
        if (studyUrl is not null) WriteStrings(w, RetrieveURL, "UR", studyUrl);
        else
        {
            w.WriteStartObject(RetrieveURL.ToJsonKey());
            w.WriteString("vr", "UR");
            w.WriteEndObject();
        }
        WriteSequence(w, FailedSOPSequence, Results.Where(r => !r.Stored));
        WriteSequence(w, ReferencedSOPSequence, Results.Where(r => r.Stored));
        w.WriteEndObject();
    }

    /// <summary>The study URL shared by every stored instance's RetrieveURL (".../studies/{uid}/series/..."), or null.</summary>
    private string? SingleStoredStudyUrl()
    {
        string[] studies = Results.Where(r => r.Stored && r.RetrieveUrl?.Contains("/series/", StringComparison.Ordinal) == true)
            .Select(r => r.RetrieveUrl![..r.RetrieveUrl!.LastIndexOf("/series/", StringComparison.Ordinal)])
            .Distinct(StringComparer.Ordinal).ToArray();
        return studies.Length == 1 ? studies[0] : null;
    }

    private static void WriteSequence(Utf8JsonWriter w, DicomTag tag, IEnumerable<StowInstanceResult> items)
    {
        var list = items.ToList();
        if (list.Count == 0) return;
        w.WriteStartObject(tag.ToJsonKey());
        w.WriteString("vr", "SQ");
        w.WriteStartArray("Value");
        foreach (StowInstanceResult r in list)
        {
            w.WriteStartObject();
            if (r.Comment is not null) WriteStrings(w, ErrorComment, "LO", r.Comment);
            if (r.SopClassUid is not null) WriteStrings(w, ReferencedSOPClassUID, "UI", r.SopClassUid);
            if (r.SopInstanceUid is not null) WriteStrings(w, ReferencedSOPInstanceUID, "UI", r.SopInstanceUid);
            if (r.FailureReason is ushort reason)
            {
                w.WriteStartObject(FailureReason.ToJsonKey());
                w.WriteString("vr", "US");
                w.WriteStartArray("Value");
                w.WriteNumberValue(reason);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (r.RetrieveUrl is not null) WriteStrings(w, RetrieveURL, "UR", r.RetrieveUrl);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, DicomTag tag, string vr, string value)
    {
        w.WriteStartObject(tag.ToJsonKey());
        w.WriteString("vr", vr);
        w.WriteStartArray("Value");
        w.WriteStringValue(value);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
