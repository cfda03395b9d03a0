using System.Text.Json;

namespace Serverless.Dicom.Tests;

/// <summary>Our DICOM JSON for every sample file against the pydicom 2.3.1 reference in shared/dicom-samples/reference.</summary>
/// <remarks>pydicom is not always right by the standard. Each deliberate difference is listed in
/// <see cref="Deviations"/> with the clause that decides it; a difference not listed fails the test, and so does a
/// listed one that no longer occurs.</remarks>
public class ReferenceJsonTests
{
    /// <summary>Kinds of deliberate difference, each checked against the two element objects, not just named.</summary>
    public enum DeviationKind
    {
        /// <summary>PS3.18 §F.2.5: "If a multi-valued attribute has one or more empty values these are represented
        /// as null array elements"; pydicom writes "".</summary>
        EmptyValueIsNull,
        /// <summary>PS3.18 §F.2.5: an attribute that is present but empty (a sequence of zero items has Value
        /// Length 0) has no "Value"; pydicom writes "Value": [].</summary>
        EmptySequenceHasNoValue,
        /// <summary>PS3.5 §A.4: encapsulated Pixel Data has VR OB, even when a writer put OW in the header;
        /// pydicom repeats the header's OW.</summary>
        EncapsulatedPixelDataIsOB,
        /// <summary>PS3.5 §6.2.2 and §7.8: a private element written with VR UN keeps VR UN, since we hold no
        /// private dictionary (PS3.6 has none); pydicom applies its own private dictionary.</summary>
        PrivateElementKeptAsUN,
        /// <summary>PS3.18 §F.2.3: IS and DS are JSON numbers, but "1A" is no number. pydicom dropped the element;
        /// we keep its text as a JSON string so nothing is lost (see DicomJsonWriter remarks).</summary>
        InvalidNumberKeptAsText,
        /// <summary>PS3.5 §6.2 (Table 6.2-1): trailing spaces of a text value, and leading ones of AE, AS, CS, DA,
        /// DT and TM, are not significant, in every value of a multi-valued element. pydicom strips only the end of
        /// the whole value field, so it keeps "DERIVED " from "DERIVED \PRIMARY"; we write "DERIVED".</summary>
        InsignificantSpacesRemoved,
        /// <summary>PS3.18 §F.2.7: InlineBinary is encoded in the transfer syntax named by the application/dicom+json
        /// transfer-syntax parameter, Explicit VR Little Endian (PS3.5 §A.2) when none is given, as here; so OW, OF,
        /// OL, OD and OV words from Explicit VR Big Endian data (PS3.5 §A.3) are swapped. pydicom copies the big
        /// endian bytes.</summary>
        BinaryWordsInLittleEndian,
    }

    public sealed record Deviation(string File, string Path, DeviationKind Kind);

    /// <summary>Path: a DICOM JSON path ("00081140/0/00081150"), or "private" for every private data element of the file.</summary>
    public static readonly Deviation[] Deviations =
    [
        new("charset/chrH31.dcm", "00080005", DeviationKind.EmptyValueIsNull),
        new("charset/chrI2.dcm", "00080005", DeviationKind.EmptyValueIsNull),
        new("charset/chrJapMulti.dcm", "00080005", DeviationKind.EmptyValueIsNull),
        new("charset/chrKoreanMulti.dcm", "00080005", DeviationKind.EmptyValueIsNull),
        new("modality/dx_image.dcm", "00080008", DeviationKind.EmptyValueIsNull),
        new("structure/MR-SIEMENS-DICOM-WithOverlays.dcm", "00080008", DeviationKind.EmptyValueIsNull),
        new("transfer-syntax/IM00001.fragmented_no_bot_jpeg_baseline.50.dcm", "00080008", DeviationKind.EmptyValueIsNull),
        new("transfer-syntax/will-jxl.dcm", "00080008", DeviationKind.EmptyValueIsNull),

        new("malformed/GH1376.dcm", "00540220/0/00540222", DeviationKind.EmptySequenceHasNoValue),
        new("modality/Issue16.dcm", "00291014", DeviationKind.EmptySequenceHasNoValue),
        new("modality/MG_Explicit_Little.dcm", "00400555", DeviationKind.EmptySequenceHasNoValue),
        new("modality/MG_Explicit_Little.dcm", "00540220/0/00540222", DeviationKind.EmptySequenceHasNoValue),
        new("modality/dx_image.dcm", "00082218", DeviationKind.EmptySequenceHasNoValue),
        new("modality/dx_image.dcm", "00400555", DeviationKind.EmptySequenceHasNoValue),
        new("modality/eCT_Supplemental.dcm", "00400555", DeviationKind.EmptySequenceHasNoValue),
        new("modality/parametric_map_float.dcm", "00400555", DeviationKind.EmptySequenceHasNoValue),
        new("modality/parametric_map_float.dcm", "52009230/0/00089124", DeviationKind.EmptySequenceHasNoValue),
        new("modality/reportsi.dcm", "00081111", DeviationKind.EmptySequenceHasNoValue),
        new("modality/reportsi.dcm", "0040A372", DeviationKind.EmptySequenceHasNoValue),
        new("modality/sample-sr.dcm", "00081111", DeviationKind.EmptySequenceHasNoValue),
        new("modality/sample-sr.dcm", "0040A372", DeviationKind.EmptySequenceHasNoValue),
        new("modality/sm_image.dcm", "00400555", DeviationKind.EmptySequenceHasNoValue),
        new("modality/test-SR.dcm", "00081111", DeviationKind.EmptySequenceHasNoValue),
        new("modality/test-SR.dcm", "0040A073/1/0040A088", DeviationKind.EmptySequenceHasNoValue),
        new("modality/test-SR.dcm", "0040A372", DeviationKind.EmptySequenceHasNoValue),
        new("structure/GH220.dcm", "200720B9", DeviationKind.EmptySequenceHasNoValue),
        new("structure/GH342.dcm", "00400275/0/00400008", DeviationKind.EmptySequenceHasNoValue),
        new("transfer-syntax/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm", "00400555", DeviationKind.EmptySequenceHasNoValue),
        new("transfer-syntax/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm", "00400555", DeviationKind.EmptySequenceHasNoValue),
        new("transfer-syntax/CT0012.not_fragmented_bot_rle.dcm", "00400555", DeviationKind.EmptySequenceHasNoValue),
        new("transfer-syntax/report_dfl", "00081111", DeviationKind.EmptySequenceHasNoValue),
        new("transfer-syntax/report_dfl", "0040A372", DeviationKind.EmptySequenceHasNoValue),

        new("structure/explicit_VR-UN.dcm", "7FE00010", DeviationKind.EncapsulatedPixelDataIsOB),
        new("transfer-syntax/MR_small_jp2klossless.dcm", "7FE00010", DeviationKind.EncapsulatedPixelDataIsOB),
        new("transfer-syntax/MR_small_jpeg_ls_lossless.dcm", "7FE00010", DeviationKind.EncapsulatedPixelDataIsOB),

        new("charset/chrJapMulti.dcm", "private", DeviationKind.PrivateElementKeptAsUN),
        new("charset/chrKoreanMulti.dcm", "private", DeviationKind.PrivateElementKeptAsUN),
        new("transfer-syntax/CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm", "private", DeviationKind.PrivateElementKeptAsUN),
        new("transfer-syntax/CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm", "private", DeviationKind.PrivateElementKeptAsUN),
        new("transfer-syntax/CTImage.dcm_JPEGProcess6_8TransferSyntax_1.2.840.10008.1.2.4.53.dcm", "private", DeviationKind.PrivateElementKeptAsUN),

        new("malformed/badVR.dcm", "00280008", DeviationKind.InvalidNumberKeptAsText),
    ];

    /// <summary>Every sample with a reference JSON, except the malformed files that we reject (see MalformedFileTests).</summary>
    public static TheoryData<string> FilesWithReference()
    {
        var data = new TheoryData<string>();
        foreach (ManifestRow row in SampleFiles.Manifest)
        {
            if (SampleFiles.ReferenceJsonPath(row.Path) == null) continue;
            if (row.IsMalformed && !MalformedFileTests.Salvaged.ContainsKey(row.Path)) continue;
            data.Add(row.Path);
        }
        return data;
    }

    internal static DicomJsonWriterOptions JsonOptions { get; } = new()
    {
        InlineBinaryThreshold = 1024,
        BulkDataUriFactory = (path, element) => $"urn:test:bulk:{path}",
    };

    [Theory]
    [MemberData(nameof(FilesWithReference))]
    public void Json_matches_the_pydicom_reference_except_listed_deviations(string file)
    {
        DicomFile dicom = DicomFile.Parse(SampleFiles.Read(file));
        using JsonDocument ours = JsonDocument.Parse(DicomJsonWriter.SerializeToUtf8Bytes(dicom.Dataset, JsonOptions));
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllBytes(SampleFiles.ReferenceJsonPath(file)!));

        List<JsonDifference> differences = DicomJsonComparer.Compare(reference.RootElement, ours.RootElement);
        Deviation[] listed = Deviations.Where(d => d.File == file).ToArray();
        var used = new HashSet<Deviation>();
        var unexplained = new List<string>();
        foreach (JsonDifference difference in differences)
        {
            Deviation? match = listed.FirstOrDefault(d => Covers(d, difference));
            if (match != null) used.Add(match);
            else unexplained.Add(difference.ToString());
        }
        Assert.True(unexplained.Count == 0, $"{file}: {unexplained.Count} unexplained differences:\n" + string.Join("\n", unexplained.Take(20)));
        Deviation[] stale = listed.Where(d => !used.Contains(d)).ToArray();
        Assert.True(stale.Length == 0, $"{file}: listed deviations that no longer occur: {string.Join(", ", stale.Select(d => d.Path))}");
    }

    [Fact]
    public void Big_endian_file_with_a_CP246_UN_sequence_matches_the_reference_of_its_little_endian_twin()
    {
        // pydicom 2.3.1 could not read the big endian file (no reference JSON); the explicit little endian file
        // holds the same dataset, and its reference must match ours for the big endian one too.
        DicomFile dicom = DicomFile.Parse(SampleFiles.Read("structure/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm"));
        Assert.Equal("1.2.840.10008.1.2.2", dicom.TransferSyntaxUid);
        using JsonDocument ours = JsonDocument.Parse(DicomJsonWriter.SerializeToUtf8Bytes(dicom.Dataset, JsonOptions));
        using JsonDocument reference = JsonDocument.Parse(File.ReadAllBytes(
            SampleFiles.ReferenceJsonPath("structure/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_ELE_undefinded_length.dcm")!));
        Assert.Empty(DicomJsonComparer.Compare(reference.RootElement, ours.RootElement));
    }

    [Fact]
    public void Space_before_a_backslash_is_padding_not_part_of_the_value()
    {
        // pydicom's test_files/SC_rgb_gdcm_KY.dcm (written by GDCM) has Image Type "DERIVED \SECONDARY\OTHER";
        // its pydicom 2.3.1 JSON keeps "DERIVED ".
        byte[] bytes = DicomBytes.File("1.2.840.10008.1.2.1").Explicit(0x00080008, "CS", "DERIVED \\SECONDARY\\ OTHER").ToArray();
        using JsonDocument ours = JsonDocument.Parse(DicomJsonWriter.SerializeToUtf8Bytes(DicomFile.Parse(bytes).Dataset, JsonOptions));
        using JsonDocument pydicom = JsonDocument.Parse("""{"00080008":{"vr":"CS","Value":["DERIVED ","SECONDARY"," OTHER"]}}""");
        using JsonDocument other = JsonDocument.Parse("""{"00080008":{"vr":"CS","Value":["DERIVED","SECONDARY","OTHERS"]}}""");

        Assert.Equal("""["DERIVED","SECONDARY","OTHER"]""", ours.RootElement.GetProperty("00080008").GetProperty("Value").GetRawText());
        Assert.All(DicomJsonComparer.Compare(pydicom.RootElement, ours.RootElement), // one per differing value
            difference => Assert.True(Matches(DeviationKind.InsignificantSpacesRemoved, difference.Expected, difference.Actual)));
        JsonDifference difference = Assert.Single(DicomJsonComparer.Compare(other.RootElement, ours.RootElement));
        Assert.False(Matches(DeviationKind.InsignificantSpacesRemoved, difference.Expected, difference.Actual));
    }

    [Fact]
    public void Big_endian_binary_words_are_written_in_little_endian()
    {
        // pydicom 2.3.1 writes the bytes as stored: EjRWeA== (12 34 56 78) for this OW, P4AAAA== for the OF.
        byte[] bytes = DicomBytes.File("1.2.840.10008.1.2.2")
            .Explicit(0x00281201, "OW", [0x12, 0x34, 0x56, 0x78], bigEndian: true)
            .Explicit(0x00720067, "OF", [0x3F, 0x80, 0x00, 0x00], bigEndian: true).ToArray();
        using JsonDocument ours = JsonDocument.Parse(DicomJsonWriter.SerializeToUtf8Bytes(DicomFile.Parse(bytes).Dataset, JsonOptions));
        using JsonDocument pydicom = JsonDocument.Parse("""{"00281201":{"vr":"OW","InlineBinary":"EjRWeA=="},"00720067":{"vr":"OF","InlineBinary":"P4AAAA=="}}""");
        using JsonDocument other = JsonDocument.Parse("""{"00281201":{"vr":"OW","InlineBinary":"NBJ4Vw=="}}""");

        Assert.Equal("NBJ4Vg==", ours.RootElement.GetProperty("00281201").GetProperty("InlineBinary").GetString());
        List<JsonDifference> differences = DicomJsonComparer.Compare(pydicom.RootElement, ours.RootElement);
        Assert.Equal(2, differences.Count);
        Assert.All(differences, d => Assert.True(Matches(DeviationKind.BinaryWordsInLittleEndian, d.Expected, d.Actual)));
        JsonDifference wrong = DicomJsonComparer.Compare(other.RootElement, ours.RootElement).Single(d => d.Path == "00281201");
        Assert.False(Matches(DeviationKind.BinaryWordsInLittleEndian, wrong.Expected, wrong.Actual));
    }

    [Fact]
    public void Every_listed_deviation_names_a_sample_with_a_reference()
    {
        foreach (Deviation d in Deviations) Assert.NotNull(SampleFiles.ReferenceJsonPath(d.File));
    }

    /// <summary>
    /// The differences between our DICOM JSON for <paramref name="file"/> and its reference that no listed deviation
    /// explains. The archive's tests use this for its WADO-RS metadata, so both projects share one deviation list.
    /// </summary>
    public static List<string> UnexplainedDifferences(string file, JsonElement reference, JsonElement ours)
    {
        Deviation[] listed = Deviations.Where(d => d.File == file).ToArray();
        return DicomJsonComparer.Compare(reference, ours)
            .Where(difference => !listed.Any(d => Covers(d, difference)))
            .Select(difference => difference.ToString())
            .ToList();
    }

    private static bool Covers(Deviation deviation, JsonDifference difference)
    {
        string lastTag = difference.Path[^8..];
        bool pathMatches = deviation.Path == "private"
            ? (Convert.ToUInt32(lastTag[..4], 16) & 1) == 1 && Convert.ToUInt32(lastTag[4..], 16) > 0xFF
            : deviation.Path == difference.Path;
        return pathMatches && Matches(deviation.Kind, difference.Expected, difference.Actual);
    }

    /// <summary>Whether the two element objects differ exactly as the kind says (and in no other way).</summary>
    private static bool Matches(DeviationKind kind, JsonElement? expected, JsonElement? actual)
    {
        switch (kind)
        {
            case DeviationKind.EmptyValueIsNull:
            {
                if (expected is not { } e || actual is not { } a || Vr(e) != Vr(a)) return false;
                JsonElement[] ev = Values(e), av = Values(a);
                return ev.Length == av.Length && ev.Zip(av).All(p =>
                    p.First.ValueKind == JsonValueKind.String && p.First.GetString() == "" ? p.Second.ValueKind == JsonValueKind.Null
                        : p.First.GetRawText() == p.Second.GetRawText());
            }
            case DeviationKind.EmptySequenceHasNoValue:
                return expected is { } e2 && actual is { } a2 && Vr(e2) == "SQ" && Vr(a2) == "SQ"
                    && Values(e2).Length == 0 && !a2.TryGetProperty("Value", out _);
            case DeviationKind.EncapsulatedPixelDataIsOB:
                return expected is { } e3 && actual is { } a3 && Vr(e3) == "OW" && Vr(a3) == "OB"
                    && e3.TryGetProperty("BulkDataURI", out _) && a3.TryGetProperty("BulkDataURI", out _);
            case DeviationKind.PrivateElementKeptAsUN:
                // Ours holds the bytes (InlineBinary/BulkDataURI), or nothing when the value is empty in both.
                return expected is { } e4 && actual is { } a4 && Vr(e4) != "UN" && Vr(a4) == "UN" && !a4.TryGetProperty("Value", out _)
                    && (a4.TryGetProperty("InlineBinary", out _) || a4.TryGetProperty("BulkDataURI", out _) || !e4.TryGetProperty("Value", out _));
            case DeviationKind.InvalidNumberKeptAsText:
                return expected == null && actual is { } a5 && Vr(a5) is "IS" or "DS"
                    && Values(a5).Any(v => v.ValueKind == JsonValueKind.String);
            case DeviationKind.InsignificantSpacesRemoved:
            {
                if (expected is not { } e6 || actual is not { } a6 || Vr(e6) != Vr(a6) || Vr(e6) is "PN" or "IS" or "DS") return false;
                bool leading = Vr(e6) is "AE" or "AS" or "CS" or "DA" or "DT" or "TM";
                JsonElement[] ev = Values(e6), av = Values(a6);
                return ev.Length == av.Length && ev.Zip(av).All(p => p.First.GetRawText() == p.Second.GetRawText()
                    || p.First.ValueKind == JsonValueKind.String && (leading ? p.First.GetString()!.Trim(' ') : p.First.GetString()!.TrimEnd(' ')) is { } trimmed
                        && (p.Second.ValueKind == JsonValueKind.String ? p.Second.GetString() == trimmed : p.Second.ValueKind == JsonValueKind.Null && trimmed == ""));
            }
            case DeviationKind.BinaryWordsInLittleEndian:
            {
                if (expected is not { } e7 || actual is not { } a7 || Vr(e7) != Vr(a7)
                    || !e7.TryGetProperty("InlineBinary", out JsonElement eb) || !a7.TryGetProperty("InlineBinary", out JsonElement ab)) return false;
                int size = Vr(e7) switch { "OW" => 2, "OF" or "OL" => 4, "OD" or "OV" => 8, _ => 0 };
                byte[] big = eb.GetBytesFromBase64(), little = ab.GetBytesFromBase64();
                if (size == 0 || big.Length != little.Length || big.Length % size != 0 || big.AsSpan().SequenceEqual(little)) return false;
                for (int i = 0; i < big.Length; i += size) big.AsSpan(i, size).Reverse();
                return big.AsSpan().SequenceEqual(little);
            }
            default:
                return false;
        }
    }

    private static string? Vr(JsonElement element) => element.TryGetProperty("vr", out JsonElement v) ? v.GetString() : null;

    private static JsonElement[] Values(JsonElement element) =>
        element.TryGetProperty("Value", out JsonElement v) ? v.EnumerateArray().ToArray() : [];
}
