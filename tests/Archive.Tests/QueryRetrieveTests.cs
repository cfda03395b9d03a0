using System.Net;
using System.Text.Json;

namespace Serverless.Archive.Tests;

/// <summary>QIDO-RS matching and paging, WADO-RS negotiation and errors, on real samples stored once for the class.</summary>
public sealed class QueryRetrieveTests : IClassFixture<QueryRetrieveTests.StoredSamples>
{
    /// <summary>An archive holding a few real studies (distinct SOP Instance UIDs).</summary>
    public sealed class StoredSamples : IAsyncLifetime
    {
        public static readonly string[] Files = ["modality/CT_small.dcm", "transfer-syntax/MR_small.dcm", "charset/chrH31.dcm", "charset/chrFrenMulti.dcm", "transfer-syntax/JPEG2000.dcm", "modality/sm_image.dcm",
            "modality/CR-MONO1-10-chest"];   // no File Meta; no Study Date, Patient ID, Study ID, Series Number...
        public ArchiveFixture Archive { get; } = new();
        public Dictionary<string, JsonElement> Reference { get; } = [];

        public async Task InitializeAsync()
        {
            await Archive.InitializeAsync();
            var client = new DicomWebClient(Archive.Client);
            foreach (string f in Files)
            {
                Reference[f] = JsonDocument.Parse(File.ReadAllText(Samples.Get(f).ReferenceJsonPath!)).RootElement.Clone();
                (HttpStatusCode status, JsonElement body) = await client.StoreAsync(File.ReadAllBytes(Samples.Get(f).FullPath));
                if (status != HttpStatusCode.OK) throw new InvalidOperationException($"{f}: {status} {body}");
            }
        }

        public Task DisposeAsync() => Archive.DisposeAsync();
    }

    private readonly StoredSamples _s;
    private readonly DicomWebClient _client;

    public QueryRetrieveTests(StoredSamples s)
    {
        _s = s;
        _client = new DicomWebClient(s.Archive.Client);
    }

    private string Ref(string file, string tag) => Samples.ReferenceString(_s.Reference[file], tag)!;
    private static string[] StudyUids(JsonElement results) => results.EnumerateArray().Select(r => Samples.ReferenceString(r, "0020000D")!).ToArray();

    private async Task<JsonElement> Query(string url)
    {
        (HttpStatusCode status, JsonElement body) = await _client.GetJsonAsync(url);
        Assert.True(status == HttpStatusCode.OK, $"{url}: {(int)status} {body}");
        return body;
    }

    [Fact]
    public async Task AllStudies_AreListed_WithCountsAndModalities()
    {
        JsonElement all = await Query("dicomweb/studies");
        Assert.Equal(StoredSamples.Files.Length, all.GetArrayLength());
        JsonElement ct = all.EnumerateArray().Single(r => Samples.ReferenceString(r, "0020000D") == Ref("modality/CT_small.dcm", "0020000D"));
        Assert.Equal(1, ct.GetProperty("00201206").GetProperty("Value")[0].GetInt32());
        Assert.Equal(1, ct.GetProperty("00201208").GetProperty("Value")[0].GetInt32());
        Assert.Equal("CT", ct.GetProperty("00080061").GetProperty("Value")[0].GetString());
        Assert.Equal(Ref("modality/CT_small.dcm", "00100020"), Samples.ReferenceString(ct, "00100020"));
    }

    [Fact]
    public async Task PatientName_Wildcards_MatchCaseInsensitively()
    {
        const string file = "modality/CT_small.dcm";
        string name = _s.Reference[file].GetProperty("00100010").GetProperty("Value")[0].GetProperty("Alphabetic").GetString()!;
        string study = Ref(file, "0020000D");
        Assert.Contains(study, StudyUids(await Query($"dicomweb/studies?PatientName={Uri.EscapeDataString(name[..3] + "*")}")));
        Assert.Contains(study, StudyUids(await Query($"dicomweb/studies?PatientName={Uri.EscapeDataString(name.ToLowerInvariant())}")));
        Assert.Contains(study, StudyUids(await Query($"dicomweb/studies?PatientName={Uri.EscapeDataString("?" + name[1..])}")));
        Assert.DoesNotContain(study, StudyUids(await Query("dicomweb/studies?PatientName=Nobody*")));
        // Trailing empty components are insignificant (PS3.5 §6.2.1).
        Assert.Contains(study, StudyUids(await Query($"dicomweb/studies?PatientName={Uri.EscapeDataString(name + "^^^")}")));
    }

    [Fact]
    public async Task PatientName_MatchesTheIdeographicGroupToo()
    {
        const string file = "charset/chrH31.dcm";
        string ideographic = _s.Reference[file].GetProperty("00100010").GetProperty("Value")[0].GetProperty("Ideographic").GetString()!;
        string study = Ref(file, "0020000D");
        Assert.Contains(study, StudyUids(await Query($"dicomweb/studies?PatientName={Uri.EscapeDataString(ideographic[..1] + "*")}")));
        Assert.Contains(study, StudyUids(await Query($"dicomweb/studies?PatientName={Uri.EscapeDataString(ideographic)}")));
    }

    [Fact]
    public async Task StudyDate_SingleValueAndRanges()
    {
        const string file = "transfer-syntax/MR_small.dcm";
        string date = Ref(file, "00080020"), study = Ref(file, "0020000D");
        DateTime d = DateTime.ParseExact(date, "yyyyMMdd", null);
        string before = d.AddDays(-1).ToString("yyyyMMdd"), after = d.AddDays(1).ToString("yyyyMMdd");
        Assert.Contains(study, StudyUids(await Query($"dicomweb/studies?StudyDate={date}")));
        Assert.Contains(study, StudyUids(await Query($"dicomweb/studies?StudyDate={before}-{after}")));
        Assert.Contains(study, StudyUids(await Query($"dicomweb/studies?StudyDate={date}-")));
        Assert.Contains(study, StudyUids(await Query($"dicomweb/studies?StudyDate=-{date}")));
        Assert.DoesNotContain(study, StudyUids(await Query($"dicomweb/studies?StudyDate={after}-")));
        Assert.DoesNotContain(study, StudyUids(await Query($"dicomweb/studies?StudyDate=-{before}")));
    }

    [Fact]
    public async Task ModalitiesInStudy_AccessionNumber_AndUidLists()
    {
        string ct = Ref("modality/CT_small.dcm", "0020000D"), mr = Ref("transfer-syntax/MR_small.dcm", "0020000D");
        string[] cts = StudyUids(await Query("dicomweb/studies?ModalitiesInStudy=CT"));
        Assert.Contains(ct, cts);
        Assert.DoesNotContain(mr, cts);
        Assert.Empty(StudyUids(await Query("dicomweb/studies?ModalitiesInStudy=ZZ")));
        Assert.Equal(new[] { ct, mr }.Order(), StudyUids(await Query($"dicomweb/studies?StudyInstanceUID={ct},{mr}")).Order());
        string? accession = Samples.ReferenceString(_s.Reference["modality/CT_small.dcm"], "00080050");
        if (!string.IsNullOrEmpty(accession)) Assert.Contains(ct, StudyUids(await Query($"dicomweb/studies?AccessionNumber={Uri.EscapeDataString(accession)}")));
    }

    [Fact]
    public async Task LimitAndOffset_PageThroughTheResults()
    {
        string[] all = StudyUids(await Query("dicomweb/studies"));
        var paged = new List<string>();
        for (int offset = 0; offset < all.Length; offset += 2)
            paged.AddRange(StudyUids(await Query($"dicomweb/studies?limit=2&offset={offset}")));
        Assert.Equal(all, paged);
        Assert.Empty(StudyUids(await Query($"dicomweb/studies?offset={all.Length}")));
    }

    [Fact]
    public async Task IncludeField_AddsAttributesOutsideTheDefaultSet()
    {
        const string file = "modality/CT_small.dcm";
        string study = Ref(file, "0020000D");
        Assert.True(_s.Reference[file].TryGetProperty("00180050", out _), "CT_small has Slice Thickness");
        JsonElement plain = (await Query($"dicomweb/studies/{study}/instances")).EnumerateArray().Single();
        Assert.False(plain.TryGetProperty("00180050", out _));
        JsonElement withField = (await Query($"dicomweb/studies/{study}/instances?includefield=00180050")).EnumerateArray().Single();
        Assert.Equal(_s.Reference[file].GetProperty("00180050").GetProperty("Value")[0].GetDouble(), withField.GetProperty("00180050").GetProperty("Value")[0].GetDouble());
        JsonElement all = (await Query($"dicomweb/studies/{study}/instances?includefield=all")).EnumerateArray().Single();
        Assert.True(all.TryGetProperty("00180050", out _));
    }

    [Fact]
    public async Task IncludeField_TakesAnyDictionaryKeyword_AndAllAtStudyLevelAddsNoInstanceAttributes()
    {
        const string file = "modality/CT_small.dcm";
        string study = Ref(file, "0020000D");
        JsonElement withAge = (await Query($"dicomweb/studies?StudyInstanceUID={study}&includefield=PatientAge")).EnumerateArray().Single();
        Assert.Equal(Ref(file, "00101010"), Samples.ReferenceString(withAge, "00101010"));
        JsonElement all = (await Query($"dicomweb/studies?StudyInstanceUID={study}&includefield=all")).EnumerateArray().Single();
        Assert.False(all.TryGetProperty("00180050", out _), "Slice Thickness is an instance attribute");
    }

    [Fact]
    public async Task RequiredAttributes_AreReturnedEmpty_WhenTheInstanceLacksThem()
    {
        const string file = "modality/CR-MONO1-10-chest";
        Assert.False(_s.Reference[file].TryGetProperty("00200010", out _), "the sample has no Study ID");
        string study = Ref(file, "0020000D");
        JsonElement s = (await Query($"dicomweb/studies?StudyInstanceUID={study}")).EnumerateArray().Single();
        foreach (string tag in new[] { "00080020", "00080030", "00080050", "00080090", "00100010", "00100020", "00100030", "00100040", "00200010" })
            Assert.True(s.TryGetProperty(tag, out _), $"study result lacks {tag}");
        Assert.False(s.GetProperty("00200010").TryGetProperty("Value", out _));
        JsonElement series = (await Query($"dicomweb/studies/{study}/series")).EnumerateArray().Single();
        Assert.True(series.TryGetProperty("00200011", out _), "series result lacks Series Number");
    }

    [Fact]
    public async Task UnsupportedQueryParameters_AreIgnoredWithAWarning()
    {
        using HttpResponseMessage r = await _s.Archive.Client.GetAsync("dicomweb/studies?fuzzymatching=true&orderby=StudyDate");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(2, r.Headers.Warning.Count);
        Assert.All(r.Headers.Warning, w => Assert.Equal(299, w.Code));
    }

    [Fact]
    public async Task SeriesAndInstanceLevels_ReturnTheirAttributes()
    {
        const string file = "modality/sm_image.dcm";
        string study = Ref(file, "0020000D"), series = Ref(file, "0020000E"), sop = Ref(file, "00080018");
        JsonElement s = (await Query($"dicomweb/studies/{study}/series")).EnumerateArray().Single();
        Assert.Equal(series, Samples.ReferenceString(s, "0020000E"));
        Assert.Equal(Ref(file, "00080060"), Samples.ReferenceString(s, "00080060"));
        Assert.Equal(1, s.GetProperty("00201209").GetProperty("Value")[0].GetInt32());
        Assert.Contains(series, (await Query($"dicomweb/series?Modality={Ref(file, "00080060")}")).EnumerateArray().Select(x => Samples.ReferenceString(x, "0020000E")));
        JsonElement i = (await Query($"dicomweb/studies/{study}/series/{series}/instances")).EnumerateArray().Single();
        Assert.Equal(sop, Samples.ReferenceString(i, "00080018"));
        Assert.Equal(Ref(file, "00080016"), Samples.ReferenceString(i, "00080016"));
        Assert.Contains(sop, (await Query($"dicomweb/instances?SOPInstanceUID={sop}")).EnumerateArray().Select(x => Samples.ReferenceString(x, "00080018")));
        Assert.EndsWith($"/dicomweb/studies/{study}/series/{series}/instances/{sop}", Samples.ReferenceString(i, "00081190"));
    }

    [Fact]
    public async Task InstanceNumber_MatchesAsAnInteger()
    {
        const string file = "modality/CT_small.dcm";
        string number = Ref(file, "00200013"), sop = Ref(file, "00080018");
        Assert.Contains(sop, (await Query($"dicomweb/instances?InstanceNumber={number}")).EnumerateArray().Select(x => Samples.ReferenceString(x, "00080018")));
        Assert.Contains(sop, (await Query($"dicomweb/instances?InstanceNumber=0{number}")).EnumerateArray().Select(x => Samples.ReferenceString(x, "00080018")));
        Assert.DoesNotContain(sop, (await Query($"dicomweb/instances?InstanceNumber={int.Parse(number) + 1000}")).EnumerateArray().Select(x => Samples.ReferenceString(x, "00080018")));
    }

    [Theory]
    [InlineData("dicomweb/studies?NoSuchKey=1")]
    [InlineData("dicomweb/studies?limit=abc")]
    [InlineData("dicomweb/studies?SOPInstanceUID=1.2.3")]
    [InlineData("dicomweb/studies/not-a-uid/series")]
    [InlineData("dicomweb/studies?includefield=NotAKeyword")]
    // Values that could match nothing used to answer 200 [] (found by trying the archive as a new user).
    [InlineData("dicomweb/studies?StudyDate=2004-01-01")]
    [InlineData("dicomweb/studies?StudyDate=20041301")]
    [InlineData("dicomweb/studies?StudyDate=20050101-20040101")]
    [InlineData("dicomweb/studies?StudyInstanceUID=abc")]
    [InlineData("dicomweb/instances?InstanceNumber=xyz")]
    [InlineData("dicomweb/studies?PatientID=1CT1&PatientID=4MR1")]
    [InlineData("dicomweb/studies?limit=99999999999")]
    public async Task BadQueries_Get400WithAReason(string url)
    {
        (HttpStatusCode status, JsonElement body) = await _client.GetJsonAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Retrieve_UnknownUids_Get404WithAReason()
    {
        foreach (string url in new[] { "dicomweb/studies/1.2.3.999", "dicomweb/studies/1.2.3.999/metadata", "dicomweb/studies/1.2.3.999/series/1.2/instances/1.3" })
        {
            (HttpStatusCode status, JsonElement body) = await _client.GetJsonAsync(url, DicomWebClient.AcceptAnyDicom);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Contains("1.2.3.999", body.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Retrieve_TransferSyntaxNegotiation()
    {
        const string file = "transfer-syntax/JPEG2000.dcm";
        string url = $"dicomweb/studies/{Ref(file, "0020000D")}";
        Assert.Equal(HttpStatusCode.OK, (await _client.GetMultipartAsync(url)).Status);
        string stored = Samples.Get(file).ManifestTransferSyntax;
        Assert.Equal(HttpStatusCode.OK, (await _client.GetMultipartAsync(url, $"multipart/related; type=\"application/dicom\"; transfer-syntax={stored}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetMultipartAsync(url, "multipart/related; type=application/dicom; transfer-syntax=*")).Status);
        var refused = await _client.GetMultipartAsync(url, "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1");
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.Status);
        Assert.Equal(HttpStatusCode.NotAcceptable, (await _client.GetMultipartAsync(url, "application/dicom+json")).Status);
        var ok = await _client.GetMultipartAsync(url);
        Assert.Contains($"transfer-syntax={stored}", ok.Parts.Single().ContentType);
    }

    [Fact]
    public async Task Metadata_AtStudyAndSeriesLevel_AndBulkDataUriServesTheBytes()
    {
        const string file = "transfer-syntax/MR_small.dcm";
        string study = Ref(file, "0020000D"), series = Ref(file, "0020000E");
        JsonElement studyMeta = (await _client.GetJsonAsync($"dicomweb/studies/{study}/metadata")).Body;
        JsonElement seriesMeta = (await _client.GetJsonAsync($"dicomweb/studies/{study}/series/{series}/metadata")).Body;
        Assert.Equal(1, studyMeta.GetArrayLength());
        Assert.Equal(studyMeta.GetRawText(), seriesMeta.GetRawText());
        string bulk = studyMeta[0].GetProperty("7FE00010").GetProperty("BulkDataURI").GetString()!;
        var (status, parts, contentType) = await _client.GetMultipartAsync(new Uri(bulk).PathAndQuery.TrimStart('/'), "multipart/related; type=\"application/octet-stream\"");
        Assert.Equal(HttpStatusCode.OK, status);
        byte[] pixels = parts.Single().Body;
        byte[] original = File.ReadAllBytes(Samples.Get(file).FullPath);
        Assert.Equal(64 * 64 * 2, pixels.Length);   // MR_small: 64 x 64, 16 bits allocated
        Assert.True(original.AsSpan().IndexOf(pixels) > 0, "the bulk data bytes are the file's pixel data");
    }
}
