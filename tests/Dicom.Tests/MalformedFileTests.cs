using System.Diagnostics;

namespace Serverless.Dicom.Tests;

/// <summary>Every file in malformed/ ends in a <see cref="DicomException"/> with offset and reason, or in a
/// documented salvage, within a time bound, from memory and from a non-seekable stream alike.</summary>
public class MalformedFileTests
{
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(10);

    /// <summary>Files we read anyway, and how (their JSON is also checked against the reference in ReferenceJsonTests).</summary>
    public static readonly IReadOnlyDictionary<string, string> Salvaged = new Dictionary<string, string>
    {
        ["malformed/CTImageStorage_bad_meta.dcm"] = "File Meta lacks (0002,0002); nothing in reading needs it",
        ["malformed/GH1301.dcm"] = "non-ASCII bytes in a CS value are decoded leniently by DicomCharacterSet",
        ["malformed/GH1376.dcm"] = "group 0002 elements inside the dataset stay dataset elements",
        ["malformed/SC_rgb_jpeg.dcm"] = "the body is implicit VR although the File Meta says explicit: detected from the first element (warning)",
        ["malformed/badVR.dcm"] = "IS '1A' is kept as text; JSON writes it as a string",
        ["malformed/bad_sequence.dcm"] = "a VR UN element the dictionary knows as SQ is read as a sequence in implicit VR (PS3.5 §6.2.2)",
        ["malformed/invalid-vr-length-test.dcm"] = "a value longer than its VR's maximum is kept (lengths per VR are not policed)",
        ["malformed/meta_missing_tsyntax.dcm"] = "no (0002,0010): implicit VR Little Endian detected from the first element",
    };

    /// <summary>Files we reject, with a piece of the expected reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Rejected = new Dictionary<string, string>
    {
        ["malformed/2026-05-06-Deeply-Nested-Sequence.dcm"] = "nest deeper than 256",
        ["malformed/3gb-bulk-data-truncated"] = "runs past the end of the data",
        ["malformed/FreezePattern.dcm"] = "an item (FFFE,E000) outside a sequence",
        ["malformed/GH179B.dcm"] = "invalid VR",
        ["malformed/GH364.dcm"] = "an item (FFFE,E000) outside a sequence",
        ["malformed/GH626.dcm"] = "runs past the end of the data",
        ["malformed/MR_truncated.dcm"] = "runs past the end of the data",
        ["malformed/emri_small_jpeg_2k_lossless_too_short.dcm"] = "ends inside encapsulated Pixel Data",
        ["malformed/no_meta.dcm"] = "not DICOM: no preamble, no File Meta, and the first tag (0820,0500) cannot start a dataset",
    };

    public static TheoryData<string> MalformedFiles()
    {
        var data = new TheoryData<string>();
        foreach (ManifestRow row in SampleFiles.Manifest.Where(r => r.IsMalformed)) data.Add(row.Path);
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task Malformed_file_is_rejected_cleanly_or_salvaged_as_documented(string file)
    {
        bool salvaged = Salvaged.ContainsKey(file);
        Assert.True(salvaged ^ Rejected.ContainsKey(file), $"{file} must be listed in exactly one of Salvaged and Rejected");
        byte[] bytes = SampleFiles.Read(file);

        var watch = Stopwatch.StartNew();
        Exception? fromMemory = await Task.Run(() => Record.Exception(() => DicomFile.Parse(bytes))).WaitAsync(TimeBound);
        Exception? fromStream = await Record.ExceptionAsync(() =>
            DicomFile.ReadAsync(new NonSeekableStream(bytes, maxChunk: 4093))).WaitAsync(TimeBound);
        Assert.True(watch.Elapsed < TimeBound, $"{file} took {watch.Elapsed}");

        if (salvaged)
        {
            Assert.Null(fromMemory);
            Assert.Null(fromStream);
            return;
        }
        foreach (Exception? e in new[] { fromMemory, fromStream })
        {
            DicomException dicom = Assert.IsAssignableFrom<DicomException>(e);
            Assert.Contains(Rejected[file], dicom.Reason);
            Assert.InRange(dicom.Offset, 0, bytes.LongLength);
            Assert.DoesNotContain("unexpected", dicom.Reason); // not the safety net for an internal error
        }
    }

    [Theory]
    [InlineData("malformed/3gb-bulk-data-truncated")]
    [InlineData("malformed/MR_truncated.dcm")]
    public async Task Truncated_pixel_data_reads_when_stopping_before_it(string file)
    {
        byte[] bytes = SampleFiles.Read(file);
        var options = new DicomReadOptions { StopBeforePixelData = true };
        DicomFile parsed = DicomFile.Parse(bytes, options);
        DicomFile streamed = await DicomFile.ReadAsync(new NonSeekableStream(bytes, maxChunk: 1000), options);
        Assert.False(parsed.Dataset.Contains(DicomTag.PixelData));
        Assert.NotNull(parsed.Dataset.GetString(DicomTag.SOPInstanceUID));
        Assert.Equal(parsed.Dataset.Count, streamed.Dataset.Count);
    }

    [Fact]
    public void Deep_nesting_fails_fast_with_the_path()
    {
        byte[] bytes = SampleFiles.Read("malformed/2026-05-06-Deeply-Nested-Sequence.dcm");
        var watch = Stopwatch.StartNew();
        DicomException e = Assert.ThrowsAny<DicomException>(() => DicomFile.Parse(bytes));
        Assert.True(watch.ElapsedMilliseconds < 2000, $"took {watch.ElapsedMilliseconds} ms");
        Assert.StartsWith("(7777,0001)[0].(7777,0001)[0]", e.TagPath);
        Assert.True(e.Offset > 0);
    }

    [Fact]
    public void Mismatched_body_is_read_as_implicit_with_a_warning()
    {
        DicomFile file = DicomFile.Parse(SampleFiles.Read("malformed/SC_rgb_jpeg.dcm"));
        Assert.Equal("1.2.840.10008.1.2.4.50", file.TransferSyntaxUid);
        Assert.Contains(file.Warnings, w => w.Contains("implicit VR", StringComparison.Ordinal));
    }
}
