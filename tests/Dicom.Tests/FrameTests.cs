using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Serverless.Dicom.Tests;

/// <summary>
/// Frame positions (DicomFile.GetFrames) checked against an independent extraction: Reference/frames.tsv holds the
/// length and SHA-256 of every frame of every multi-frame (or multi-fragment) sample as pydicom 2.3 and numpy cut
/// them (Reference/frames_pydicom.py). Our frames are read back from the file by their offsets only, as a blob
/// range read would.
/// </summary>
public class FrameTests
{
    private static readonly Lazy<Dictionary<string, List<(long Length, string Sha256)>>> s_reference = new(() =>
    {
        var byFile = new Dictionary<string, List<(long, string)>>();
        foreach (string line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Reference", "frames.tsv")).Skip(1))
        {
            string[] cells = line.Split('\t');
            if (!byFile.TryGetValue(cells[0], out List<(long, string)>? frames)) byFile[cells[0]] = frames = [];
            Assert.Equal(frames.Count, int.Parse(cells[1]));
            frames.Add((long.Parse(cells[2]), cells[3]));
        }
        return byFile;
    });

    public static TheoryData<string> ReferenceFiles() => new(s_reference.Value.Keys.Order());

    [Fact]
    public void Every_multi_frame_or_fragmented_sample_has_reference_frames()
    {
        var expected = new List<string>();
        foreach (ManifestRow row in SampleFiles.Manifest)
        {
            if (row.IsMalformed) continue;
            DicomFile file;
            try { file = DicomFile.Parse(SampleFiles.Read(row.Path)); }
            catch (DicomException) { continue; }
            if (!file.Dataset.TryGetElement(DicomTag.PixelData, out DicomElement pixels)) continue;
            bool multiFrame = file.Dataset.TryGetInt32(DicomTag.NumberOfFrames, out int n) && n > 1;
            if (multiFrame || pixels.Fragments.Count > 1) expected.Add(row.Path);
        }
        // The one sample pydicom cannot read is not in the reference (GH177: big endian with undefined lengths).
        expected.Remove("structure/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm");
        Assert.Equal(expected.Order(), s_reference.Value.Keys.Order());
        Assert.True(expected.Count >= 15, $"only {expected.Count} multi-frame samples");
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void Frames_read_by_offset_match_pydicom(string path)
    {
        byte[] bytes = SampleFiles.Read(path);
        IReadOnlyList<DicomFrame> frames = DicomFile.Parse(bytes).GetFrames();
        List<(long Length, string Sha256)> reference = s_reference.Value[path];
        Assert.Equal(reference.Count, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            DicomFrame frame = frames[i];
            Assert.Equal(i, frame.Index);
            Assert.Equal(0, frame.FirstBitOffset);
            Assert.Equal(reference[i].Length, frame.Length);
            Assert.Equal(reference[i].Sha256, Sha256(FrameBytes(bytes, frame)));
        }
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public async Task Frames_of_a_stream_read_match_or_fail_cleanly(string path)
    {
        // Reading from a stream keeps no bulk bytes: frames that need the offset table or the fragments' markers
        // cannot be placed, which must be said, never guessed.
        byte[] bytes = SampleFiles.Read(path);
        IReadOnlyList<DicomFrame> fromMemory = DicomFile.Parse(bytes).GetFrames();
        DicomFile streamed = await DicomFile.ReadAsync(new MemoryStream(bytes));
        try
        {
            IReadOnlyList<DicomFrame> fromStream = streamed.GetFrames();
            Assert.Equal(fromMemory.Select(f => (f.Offset, f.Length, f.End)), fromStream.Select(f => (f.Offset, f.Length, f.End)));
        }
        catch (DicomFormatException e)
        {
            Assert.Contains("cannot tell which", e.Reason);
        }
    }

    [Fact]
    public void Frames_without_offset_table_are_found_by_their_JPEG_start_markers()
    {
        // 8 frames in 44 fragments, empty Basic Offset Table.
        byte[] bytes = SampleFiles.Read("transfer-syntax/IM00001.fragmented_no_bot_jpeg_baseline.50.dcm");
        DicomFile file = DicomFile.Parse(bytes);
        IReadOnlyList<DicomFrame> frames = file.GetFrames();
        Assert.Equal(8, frames.Count);
        Assert.Equal(44, frames.Sum(f => f.Fragments.Count));
        foreach (DicomFrame f in frames)
        {
            byte[] frame = FrameBytes(bytes, f);
            Assert.Equal([0xFF, 0xD8], frame[..2]);                       // SOI
            byte[] tail = frame[^1] == 0 ? frame[^3..^1] : frame[^2..];   // a fragment may end in one padding byte
            Assert.Equal([0xFF, 0xD9], tail);                             // EOI
        }
    }

    [Fact]
    public void One_bit_frames_that_do_not_end_on_a_byte_boundary_carry_their_bit_offset()
    {
        // 3 frames of 3x3 1-bit pixels: 27 bits packed with no padding between frames (PS3.5 §8.1.1).
        DicomFile file = DicomFile.Parse(Native(rows: 3, columns: 3, bitsAllocated: 1, frames: "3", pixelBytes: 4));
        IReadOnlyList<DicomFrame> frames = file.GetFrames();
        Assert.True(file.Dataset.TryGetElement(DicomTag.PixelData, out DicomElement pixels));
        long value = pixels.ValueOffset;
        Assert.Equal([(value, 2L, 0), (value + 1, 2L, 1), (value + 2, 2L, 2)], frames.Select(f => (f.Offset, f.Length, f.FirstBitOffset)));
    }

    [Fact]
    public void Native_pixel_data_shorter_than_its_frames_is_an_error()
    {
        DicomFile file = DicomFile.Parse(Native(rows: 4, columns: 4, bitsAllocated: 16, frames: "3", pixelBytes: 64));
        DicomFormatException e = Assert.Throws<DicomFormatException>(() => file.GetFrames());
        Assert.Contains("fewer than 3 frame(s)", e.Reason);
        Assert.Equal("(7FE0,0010)", e.TagPath);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    public void Number_of_frames_that_is_not_a_positive_integer_is_an_error(string frames)
    {
        DicomFile file = DicomFile.Parse(Native(rows: 2, columns: 2, bitsAllocated: 8, frames: frames, pixelBytes: 4));
        Assert.Contains("Number of Frames", Assert.Throws<DicomFormatException>(() => file.GetFrames()).Reason);
    }

    [Fact]
    public void Basic_Offset_Table_that_points_inside_a_fragment_is_not_trusted()
    {
        // 2 frames, 3 fragments, BOT says the second frame starts 4 bytes into the first fragment: no markers either.
        byte[] bot = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(bot.AsSpan(4), 4);
        DicomFile file = DicomFile.Parse(Encapsulated("2", bot, [new byte[8], new byte[8], new byte[8]]));
        DicomFormatException e = Assert.Throws<DicomFormatException>(() => file.GetFrames());
        Assert.Contains("cannot tell which of the 3 fragments belong to which of the 2 frames", e.Reason);
    }

    [Fact]
    public void Basic_Offset_Table_groups_fragments_into_frames()
    {
        // Frame 0 = fragments 0 and 1 (8 + 8 bytes, each with an 8-byte item header), frame 1 = fragment 2.
        byte[] bot = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(bot.AsSpan(4), 32);
        DicomFile file = DicomFile.Parse(Encapsulated("2", bot, [new byte[8], new byte[8], new byte[6]]));
        IReadOnlyList<DicomFrame> frames = file.GetFrames();
        Assert.Equal([2, 1], frames.Select(f => f.Fragments.Count));
        Assert.Equal([16L, 6L], frames.Select(f => f.Length));
        Assert.Equal(frames[0].Offset + 8 + 8 + 8, frames[0].End);
    }

    [Fact]
    public void More_frames_than_fragments_is_an_error()
    {
        DicomFile file = DicomFile.Parse(Encapsulated("3", [], [new byte[8], new byte[8]]));
        Assert.Contains("2 fragment(s) for 3 frames", Assert.Throws<DicomFormatException>(() => file.GetFrames()).Reason);
    }

    [Fact]
    public void A_dataset_without_pixel_data_has_no_frames() =>
        Assert.Empty(DicomFile.Parse(SampleFiles.Read("modality/rtplan.dcm")).GetFrames());

    private static byte[] Native(int rows, int columns, int bitsAllocated, string frames, int pixelBytes) =>
        DicomBytes.File("1.2.840.10008.1.2.1")
            .Explicit(0x00280002, "US", U16(1))
            .Explicit(0x00280008, "IS", frames)
            .Explicit(0x00280010, "US", U16(rows))
            .Explicit(0x00280011, "US", U16(columns))
            .Explicit(0x00280100, "US", U16(bitsAllocated))
            .Explicit(0x7FE00010, "OB", new byte[pixelBytes]).ToArray();

    private static byte[] Encapsulated(string frames, byte[] bot, byte[][] fragments)
    {
        DicomBytes b = DicomBytes.File("1.2.840.10008.1.2.4.50")
            .Explicit(0x00280008, "IS", frames)
            .Header(0x7FE00010, "OB", DicomBytes.Undefined)
            .Item((uint)bot.Length).Raw(bot);
        foreach (byte[] f in fragments) b.Item((uint)f.Length).Raw(f);
        return b.SequenceEnd().ToArray();
    }

    private static byte[] U16(int v)
    {
        byte[] b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v);
        return b;
    }

    private static byte[] FrameBytes(byte[] file, DicomFrame frame) =>
        frame.Fragments.SelectMany(f => file.AsSpan((int)f.Offset, (int)f.Length).ToArray()).ToArray();

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
