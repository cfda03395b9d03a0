using System.Buffers.Binary;

namespace Serverless.Dicom.Tests;

/// <summary>Encapsulated Pixel Data (PS3.5 §A.4): fragments are recorded by offset and length, never decoded.</summary>
public class FragmentTests
{
    public static TheoryData<string> EncapsulatedSamples()
    {
        var data = new TheoryData<string>();
        foreach (ManifestRow row in SampleFiles.Manifest)
        {
            if (row.IsMalformed) continue;
            DicomFile file = DicomFile.Parse(SampleFiles.Read(row.Path));
            if (file.Dataset.TryGetElement(DicomTag.PixelData, out DicomElement e) && e.IsEncapsulated) data.Add(row.Path);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EncapsulatedSamples))]
    public void Fragment_offsets_point_at_the_item_values(string file)
    {
        byte[] bytes = SampleFiles.Read(file);
        DicomElement pixels = PixelData(DicomFile.Parse(bytes));
        Assert.Equal(DicomVR.OB, pixels.VR);
        Assert.True(pixels.IsBulkData);
        DicomFragment bot = Assert.NotNull(pixels.BasicOffsetTable);
        Assert.Equal(pixels.ValueOffset + 8, bot.Offset);
        Assert.NotEmpty(pixels.Fragments);

        long expectedOffset = bot.Offset + bot.Length + 8;
        foreach (DicomFragment fragment in pixels.Fragments.Prepend(bot))
        {
            if (fragment != bot) Assert.Equal(expectedOffset, fragment.Offset);
            ReadOnlySpan<byte> header = bytes.AsSpan((int)fragment.Offset - 8, 8);
            Assert.True(header[..4].SequenceEqual(new byte[] { 0xFE, 0xFF, 0x00, 0xE0 }), "item tag before the fragment");
            Assert.Equal(fragment.Length, BinaryPrimitives.ReadUInt32LittleEndian(header[4..]));
            expectedOffset = fragment.Offset + fragment.Length + 8;
        }
        // The value ends at the Sequence Delimitation Item.
        long end = pixels.ValueOffset + pixels.ValueLength;
        Assert.Equal(expectedOffset - 8, end);
        Assert.True(bytes.AsSpan((int)end, 4).SequenceEqual(new byte[] { 0xFE, 0xFF, 0xDD, 0xE0 }));
    }

    [Fact]
    public void Basic_Offset_Table_entries_match_the_fragments()
    {
        byte[] bytes = SampleFiles.Read("transfer-syntax/CT0012.not_fragmented_bot_rle.dcm");
        DicomElement pixels = PixelData(DicomFile.Parse(bytes));
        DicomFragment bot = pixels.BasicOffsetTable!.Value;
        Assert.Equal(2 * 4, bot.Length); // two frames
        long firstItem = pixels.Fragments[0].Offset - 8;
        for (int frame = 0; frame < 2; frame++)
        {
            uint offset = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)bot.Offset + frame * 4));
            Assert.Equal(pixels.Fragments[frame].Offset - 8, firstItem + offset);
        }
    }

    [Fact]
    public void Each_JPEG_frame_fragment_starts_with_a_start_of_image_marker()
    {
        byte[] bytes = SampleFiles.Read("transfer-syntax/HasFragmentSequence.dcm");
        DicomElement pixels = PixelData(DicomFile.Parse(bytes));
        Assert.Equal(96, pixels.Fragments.Count);
        foreach (DicomFragment f in pixels.Fragments)
        {
            Assert.Equal(0xFF, bytes[f.Offset]);
            Assert.Equal(0xD8, bytes[f.Offset + 1]);
        }
    }

    [Fact]
    public void Delimiter_bytes_inside_a_fragment_do_not_end_the_pixel_data()
    {
        byte[] bytes = SampleFiles.Read("structure/JPEG2000-embedded-sequence-delimiter.dcm");
        DicomElement pixels = PixelData(DicomFile.Parse(bytes));
        DicomFragment only = Assert.Single(pixels.Fragments);
        Assert.True(bytes.AsSpan((int)only.Offset, (int)only.Length).IndexOf(new byte[] { 0xFE, 0xFF, 0xDD, 0xE0 }) >= 0);
    }

    [Fact]
    public void Fragments_of_a_deflated_file_are_offsets_into_the_inflated_stream()
    {
        // report_dfl has no pixel data; image_dfl is native. Offsets of deflated datasets follow the inflated
        // bytes: the value found at ValueOffset in Parse's backing bytes is the element's value.
        DicomFile file = DicomFile.Parse(SampleFiles.Read("transfer-syntax/image_dfl.dcm"));
        Assert.True(file.TransferSyntax.IsDeflated);
        Assert.True(file.Dataset.TryGetElement(DicomTag.PixelData, out DicomElement pixels));
        Assert.True(pixels.ValueOffset > file.DatasetOffset);
        Assert.Equal(pixels.ValueLength, pixels.RawValue.Length);
        Assert.Equal("1.2.840.10008.1.2.1.99", file.TransferSyntaxUid);
    }

    private static DicomElement PixelData(DicomFile file)
    {
        Assert.True(file.Dataset.TryGetElement(DicomTag.PixelData, out DicomElement pixels));
        return pixels;
    }
}
