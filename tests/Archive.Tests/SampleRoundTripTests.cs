using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Serverless.Archive.Tests;

/// <summary>
/// Every well-formed public sample, through the archive the way a site uses it: STOW, then QIDO by study and by
/// patient, WADO (same bytes), metadata (agrees with the reference JSON), and a share link (same bytes, no key).
/// Files run in manifest order in one archive, so samples that share a SOP Instance UID with different bytes
/// show the duplicate check (0x0111) too.
/// </summary>
public sealed class SampleRoundTripTests(ArchiveFixture archive) : IClassFixture<ArchiveFixture>
{
    private readonly DicomWebClient _client = new(archive.Client);

    [Fact]
    public async Task EveryWellFormedSample_IsStoredFoundRetrievedAndLinked()
    {
        var failures = new List<string>();
        var firstBySop = new Dictionary<string, string>();   // SOP Instance UID -> SHA-256 of the stored bytes
        int stored = 0, refusedForUids = 0, duplicates = 0;
        foreach (Samples.Sample sample in Samples.All.Where(s => !s.IsMalformed))
        {
            var problems = new List<string>();
            try
            {
                string outcome = await RoundTripAsync(sample, firstBySop, problems);
                if (outcome == "stored") stored++;
                else if (outcome == "uids") refusedForUids++;
                else if (outcome == "duplicate") duplicates++;
            }
            catch (Exception e)
            {
                problems.Add("threw " + e.GetType().Name + ": " + e.Message);
            }
            failures.AddRange(problems.Select(p => $"{sample.RelativePath}: {p}"));
        }
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n" + string.Join("\n", failures));
        Assert.True(stored >= 60, $"only {stored} samples stored");
        Assert.True(refusedForUids >= 1, "the DICOMDIR sample should have been refused with 0xA900");
        Assert.True(duplicates >= 1, "samples sharing a SOP Instance UID should have met the duplicate check");
    }

    private async Task<string> RoundTripAsync(Samples.Sample sample, Dictionary<string, string> firstBySop, List<string> problems)
    {
        byte[] bytes = await File.ReadAllBytesAsync(sample.FullPath);
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        JsonElement? reference = sample.ReferenceJsonPath is null ? null : JsonDocument.Parse(await File.ReadAllTextAsync(sample.ReferenceJsonPath)).RootElement.Clone();
        string? Ref(string tag) => reference is { } r ? Samples.ReferenceString(r, tag) : null;
        string? study = Ref("0020000D"), series = Ref("0020000E"), sop = Ref("00080018"), sopClass = Ref("00080016");
        bool hasUids = reference is null || new[] { study, series, sop, sopClass }.All(u => u is { Length: > 0 and <= 64 } && u.All(c => c is '.' or (>= '0' and <= '9')));

        (HttpStatusCode status, JsonElement body) = await _client.StoreAsync(bytes);
        if (!hasUids)
        {
            JsonElement? failed = StowJson.Failed(body).FirstOrDefault();
            if (status != HttpStatusCode.Conflict || failed is null || StowJson.FailureReason(failed.Value) != 0xA900 || string.IsNullOrEmpty(StowJson.Comment(failed.Value)))
                problems.Add($"expected 409 with FailureReason 0xA900 and a comment for a file without the four UIDs, got {(int)status} {body}");
            return "uids";
        }
        if (reference is null)
        {
            // No reference JSON (pydicom could not read it): take the UIDs from the archive's own answer.
            JsonElement item = StowJson.Referenced(body).Concat(StowJson.Failed(body)).FirstOrDefault();
            if (item.ValueKind != JsonValueKind.Object) { problems.Add($"STOW answered {(int)status} {body}"); return "failed"; }
            sop = StowJson.String(item, "00081155");
            if (StowJson.FailureReason(item) is null)
            {
                string[] seg = new Uri(StowJson.String(item, "00081190")!).AbsolutePath.Split('/');
                study = seg[^5]; series = seg[^3];
            }
        }
        if (firstBySop.TryGetValue(sop!, out string? firstSha) && firstSha != sha)
        {
            JsonElement? failed = StowJson.Failed(body).FirstOrDefault();
            if (status != HttpStatusCode.Conflict || failed is null || StowJson.FailureReason(failed.Value) != 0x0111)
                problems.Add($"expected 409/0x0111 for different bytes under an already stored SOP Instance UID, got {(int)status} {body}");
            return "duplicate";
        }
        firstBySop[sop!] = sha;

        if (status != HttpStatusCode.OK) { problems.Add($"STOW answered {(int)status} {body}"); return "failed"; }
        JsonElement referenced = StowJson.Referenced(body).Single();
        if (StowJson.String(referenced, "00081155") != sop) problems.Add("ReferencedSOPInstanceUID differs");
        if (reference is not null && StowJson.String(referenced, "00081150") != sopClass) problems.Add("ReferencedSOPClassUID differs");
        string retrieveUrl = StowJson.String(referenced, "00081190") ?? "";
        if (!retrieveUrl.EndsWith($"/dicomweb/studies/{study}/series/{series}/instances/{sop}", StringComparison.Ordinal)) problems.Add($"RetrieveURL {retrieveUrl}");

        // QIDO by StudyInstanceUID and by PatientID.
        (HttpStatusCode qs, JsonElement studies) = await _client.GetJsonAsync($"dicomweb/studies?StudyInstanceUID={study}");
        if (qs != HttpStatusCode.OK || studies.GetArrayLength() != 1 || Samples.ReferenceString(studies[0], "0020000D") != study)
            problems.Add($"QIDO by StudyInstanceUID: {(int)qs} {studies}");
        string? patientId = Ref("00100020");
        if (!string.IsNullOrEmpty(patientId))
        {
            (HttpStatusCode qp, JsonElement byPatient) = await _client.GetJsonAsync($"dicomweb/studies?PatientID={Uri.EscapeDataString(patientId)}");
            if (qp != HttpStatusCode.OK || !byPatient.EnumerateArray().Any(s => Samples.ReferenceString(s, "0020000D") == study))
                problems.Add($"QIDO by PatientID '{patientId}' did not find the study: {(int)qp}");
        }

        // WADO-RS instance: the very bytes that were stored.
        string instancePath = $"dicomweb/studies/{study}/series/{series}/instances/{sop}";
        var (ws, parts, _) = await _client.GetMultipartAsync(instancePath);
        if (ws != HttpStatusCode.OK || parts.Count != 1 || Convert.ToHexStringLower(SHA256.HashData(parts[0].Body)) != sha)
            problems.Add($"WADO instance: {(int)ws}, {parts.Count} parts, bytes {(parts.Count == 1 ? "differ" : "-")}");

        // Metadata agrees with the reference JSON.
        (HttpStatusCode ms, JsonElement metadata) = await _client.GetJsonAsync(instancePath + "/metadata");
        if (ms != HttpStatusCode.OK || metadata.GetArrayLength() != 1) problems.Add($"metadata: {(int)ms}");
        else if (reference is not null)
            problems.AddRange(Serverless.Dicom.Tests.ReferenceJsonTests.UnexplainedDifferences(sample.RelativePath, reference.Value, metadata[0]).Take(10).Select(d => "metadata " + d));

        // A share link downloads the same bytes with nothing else.
        (HttpStatusCode ls, JsonElement link) = await _client.CreateLinkAsync(new { study, series, expiresInMinutes = 10 });
        JsonElement? linked = ls == HttpStatusCode.OK ? link.GetProperty("instances").EnumerateArray().FirstOrDefault(i => i.GetProperty("sopInstanceUid").GetString() == sop) : null;
        if (linked is not { ValueKind: JsonValueKind.Object }) problems.Add($"link: {(int)ls} {link}");
        else
        {
            using var anonymous = new HttpClient();
            byte[] downloaded = await anonymous.GetByteArrayAsync(linked.Value.GetProperty("url").GetString());
            if (Convert.ToHexStringLower(SHA256.HashData(downloaded)) != sha) problems.Add("link download differs");
        }
        return "stored";
    }
}
