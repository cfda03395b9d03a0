using System.Text;

namespace Serverless.Dicom.Tests;

/// <summary>Reading from streams (bounded buffer, skipping bulk data) gives what parsing memory gives.</summary>
public class StreamReadingTests
{
    public static TheoryData<string> ReadableSamples()
    {
        var data = new TheoryData<string>();
        foreach (ManifestRow row in SampleFiles.Manifest)
        {
            if (!row.IsMalformed || MalformedFileTests.Salvaged.ContainsKey(row.Path)) data.Add(row.Path);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ReadableSamples))]
    public async Task ReadAsync_over_a_non_seekable_stream_gives_the_same_dataset_as_Parse(string file)
    {
        byte[] bytes = SampleFiles.Read(file);
        DicomFile parsed = DicomFile.Parse(bytes);
        DicomFile streamed = await DicomFile.ReadAsync(new NonSeekableStream(bytes, maxChunk: 5000, seed: bytes.Length));

        Assert.Equal(Describe(parsed), Describe(streamed));
        Assert.Equal(ReaderStructureTests.Json(parsed.Dataset), ReaderStructureTests.Json(streamed.Dataset));
        Assert.Equal(ReaderStructureTests.Json(parsed.FileMetaInformation), ReaderStructureTests.Json(streamed.FileMetaInformation));
    }

    [Theory]
    [MemberData(nameof(ReadableSamples))]
    public async Task ReadAsync_with_seeking_and_a_small_bulk_threshold_records_the_same_offsets(string file)
    {
        byte[] bytes = SampleFiles.Read(file);
        var options = new DicomReadOptions { BulkDataThreshold = 64 };
        DicomFile parsed = DicomFile.Parse(bytes, options);
        using var stream = new MemoryStream(bytes, writable: false);
        DicomFile streamed = await DicomFile.ReadAsync(stream, options);
        Assert.Equal(Describe(parsed), Describe(streamed));
    }

    [Fact]
    public async Task Bulk_values_are_not_loaded_from_streams_but_are_available_from_memory()
    {
        byte[] bytes = SampleFiles.Read("transfer-syntax/MR_small.dcm");
        DicomFile streamed = await DicomFile.ReadAsync(new MemoryStream(bytes));
        Assert.True(streamed.Dataset.TryGetElement(DicomTag.PixelData, out DicomElement pixels));
        Assert.True(pixels.IsBulkData);
        Assert.False(pixels.IsValueAvailable);
        Assert.True(pixels.RawValue.IsEmpty);

        DicomFile parsed = DicomFile.Parse(bytes);
        Assert.True(parsed.Dataset.TryGetElement(DicomTag.PixelData, out DicomElement inMemory));
        Assert.True(inMemory.IsBulkData);
        Assert.True(bytes.AsSpan((int)inMemory.ValueOffset, (int)inMemory.ValueLength).SequenceEqual(inMemory.RawValue.Span));
    }

    [Theory]
    [InlineData("modality/US-PAL-8-10x-echo")]
    [InlineData("structure/2024-05-30-GuillemVela.dcm")]
    [InlineData("transfer-syntax/will-jxl.dcm")]
    [InlineData("modality/eCT_Supplemental.dcm")]
    public async Task StopBeforePixelData_stops_at_the_top_level_pixel_data(string file)
    {
        byte[] bytes = SampleFiles.Read(file);
        var options = new DicomReadOptions { StopBeforePixelData = true };
        DicomFile full = DicomFile.Parse(bytes);
        DicomFile parsed = DicomFile.Parse(bytes, options);
        var stream = new NonSeekableStream(bytes, maxChunk: 4096);
        DicomFile streamed = await DicomFile.ReadAsync(stream, options);

        Assert.True(full.Dataset.TryGetElement(DicomTag.PixelData, out DicomElement pixels));
        Assert.False(parsed.Dataset.Contains(DicomTag.PixelData));
        Assert.All(parsed.Dataset, e => Assert.True(e.Tag < DicomTag.PixelData));
        Assert.Equal(full.Dataset.Count(e => e.Tag < DicomTag.PixelData), parsed.Dataset.Count);
        Assert.Equal(Describe(parsed), Describe(streamed));
        // The stream was read up to the Pixel Data header plus at most one buffer, not to the end.
        Assert.True(stream.BytesRead <= pixels.ValueOffset + 64 * 1024, $"read {stream.BytesRead} of {bytes.Length}");
    }

    [Theory]
    [InlineData("transfer-syntax/MR_small.dcm")]
    [InlineData("transfer-syntax/MR_small_bigendian.dcm")]
    [InlineData("modality/liver.dcm")]
    [InlineData("structure/JPEG2000-embedded-sequence-delimiter.dcm")]
    [InlineData("structure/no_preamble_dicm_in_data")]
    [InlineData("modality/rtstruct.dcm")]
    public void The_low_level_reader_gives_the_same_tokens_fed_one_byte_at_a_time(string file)
    {
        byte[] bytes = SampleFiles.Read(file);
        var whole = new List<string>();
        var reader = new DicomReader(bytes, true, new DicomReaderState(DicomReadOptions.Default));
        while (reader.Read()) whole.Add(Token(ref reader));
        Assert.True(reader.CurrentState.IsFinished);

        var pieces = new List<string>();
        var state = new DicomReaderState(DicomReadOptions.Default);
        var pending = new List<byte>();
        for (int i = 0; i <= bytes.Length && !state.IsFinished; i++)
        {
            if (i < bytes.Length) pending.Add(bytes[i]);
            byte[] buffer = pending.ToArray();
            var r = new DicomReader(buffer, i == bytes.Length, state);
            while (r.Read()) pieces.Add(Token(ref r));
            state = r.CurrentState;
            pending.RemoveRange(0, (int)r.BytesConsumed);
        }
        Assert.Equal(whole, pieces);
    }

    private static string Token(ref DicomReader r)
    {
        string value = r.TokenType == DicomTokenType.Element && !r.IsBulkData ? Convert.ToHexString(r.ValueSpan) : "-";
        return $"{r.TokenType} {r.Tag} {r.VR} {r.TokenOffset} {r.ValueOffset} {r.ValueLength} {r.IsBulkData} {r.CurrentDepth} {value}";
    }

    /// <summary>Every element as "path tag vr offset length bulk", recursively, plus fragments.</summary>
    internal static string Describe(DicomFile file)
    {
        var sb = new StringBuilder();
        sb.Append(file.TransferSyntaxUid).Append(' ').Append(file.DatasetOffset).Append(' ').Append(file.HasPreamble).AppendLine();
        Describe(file.FileMetaInformation, "meta:", sb);
        Describe(file.Dataset, "", sb);
        return sb.ToString();
    }

    private static void Describe(DicomDataset ds, string prefix, StringBuilder sb)
    {
        foreach (DicomElement e in ds)
        {
            sb.Append(prefix).Append(e.Tag).Append(' ').Append(e.VR).Append(' ').Append(e.ValueOffset).Append(' ')
              .Append(e.ValueLength).Append(' ').Append(e.IsBulkData).AppendLine();
            for (int i = 0; i < e.Items.Count; i++) Describe(e.Items[i], $"{prefix}{e.Tag}[{i}].", sb);
            if (e.BasicOffsetTable is { } bot) sb.Append(prefix).Append("  BOT ").Append(bot).AppendLine();
            foreach (DicomFragment f in e.Fragments) sb.Append(prefix).Append("  ").Append(f).AppendLine();
        }
    }
}
