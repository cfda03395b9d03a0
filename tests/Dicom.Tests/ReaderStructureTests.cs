using System.Text.Json;

namespace Serverless.Dicom.Tests;

/// <summary>Structure cases built by hand: nesting, delimiters, UN (CP-246), ambiguous VRs, bad lengths.</summary>
public class ReaderStructureTests
{
    private const string ExplicitLE = "1.2.840.10008.1.2.1";
    private const string ImplicitLE = "1.2.840.10008.1.2";
    private const string ExplicitBE = "1.2.840.10008.1.2.2";

    [Fact]
    public void Nested_sequences_of_defined_and_undefined_length_with_empty_items()
    {
        byte[] inner = new DicomBytes().Explicit(0x00081155, "UI", "1.2.3.4").ToArray();
        byte[] innerItem = new DicomBytes().Item((uint)inner.Length).Raw(inner).ToArray();
        DicomBytes b = DicomBytes.File(ExplicitLE)
            .Explicit(0x00080005, "CS", "ISO_IR 100")
            .Header(0x00400275, "SQ", DicomBytes.Undefined)
            .Item()
            .Explicit(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2")
            .Header(0x00081199, "SQ", (uint)innerItem.Length).Raw(innerItem)
            .ItemEnd()
            .Item(0)
            .Item().ItemEnd();
        int delimiterOffset = b.Length;
        byte[] bytes = b.SequenceEnd().Explicit(0x00100010, "PN", "Doe^John").ToArray();

        DicomFile file = DicomFile.Parse(bytes);
        Assert.True(file.Dataset.TryGetElement(new DicomTag(0x0040, 0x0275), out DicomElement seq));
        Assert.Equal(DicomVR.SQ, seq.VR);
        Assert.True(seq.IsUndefinedLength);
        Assert.Equal(delimiterOffset - seq.ValueOffset, seq.ValueLength);
        Assert.Equal(3, seq.Items.Count);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", seq.Items[0].GetString(new DicomTag(0x0008, 0x1150)));
        DicomDataset referenced = Assert.Single(seq.Items[0].GetSequence(new DicomTag(0x0008, 0x1199)));
        Assert.Equal("1.2.3.4", referenced.GetString(new DicomTag(0x0008, 0x1155)));
        Assert.Same(seq.Items[0], referenced.Parent);
        Assert.Equal(0, seq.Items[1].Count);
        Assert.Equal(0, seq.Items[2].Count);
        Assert.Equal("Doe^John", file.Dataset.GetString(DicomTag.PatientName));

        string json = Json(file.Dataset);
        Assert.Contains("\"00400275\":{\"vr\":\"SQ\",\"Value\":[{\"00081150\"", json);
        Assert.EndsWith("\"00081199\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4\"]}}]}},{},{}]}}", json);
    }

    [Fact]
    public void Value_running_past_its_item_names_the_tag_path()
    {
        byte[] bytes = DicomBytes.File(ExplicitLE)
            .Header(0x00400275, "SQ", DicomBytes.Undefined)
            .Item(10)
            .Explicit(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.2")
            .ItemEnd().SequenceEnd().ToArray();

        DicomException e = Assert.ThrowsAny<DicomException>(() => DicomFile.Parse(bytes));
        Assert.Equal("(0040,0275)[0].(0008,1150)", e.TagPath);
        Assert.Contains("past the end of the enclosing item", e.Reason);
        Assert.True(e.Offset > 132);
    }

    [Theory]
    [InlineData(DicomReaderState.MaxSequenceDepth, true)]
    [InlineData(DicomReaderState.MaxSequenceDepth + 1, false)]
    public void Nesting_is_bounded(int depth, bool accepted)
    {
        DicomBytes b = DicomBytes.File(ExplicitLE);
        for (int i = 0; i < depth; i++) b.Header(0x00400275, "SQ", DicomBytes.Undefined).Item();
        for (int i = 0; i < depth; i++) b.ItemEnd().SequenceEnd();
        byte[] bytes = b.ToArray();
        if (accepted)
        {
            DicomDataset ds = DicomFile.Parse(bytes).Dataset;
            int levels = 0;
            for (; ds.Count > 0; levels++) ds = ds.GetSequence(new DicomTag(0x0040, 0x0275))[0];
            Assert.Equal(depth, levels);
            Assert.NotEmpty(DicomJsonWriter.SerializeToUtf8Bytes(DicomFile.Parse(bytes).Dataset)); // JSON writer copes too
        }
        else
        {
            DicomException e = Assert.ThrowsAny<DicomException>(() => DicomFile.Parse(bytes));
            Assert.Contains("deeper than", e.Reason);
        }
    }

    [Fact]
    public void UN_of_undefined_length_is_an_implicit_VR_sequence_CP246()
    {
        byte[] bytes = DicomBytes.File(ExplicitLE)
            .Explicit(0x00090010, "LO", "ACME")
            .Header(0x00091001, "UN", DicomBytes.Undefined)
            .Delimiter(0xFFFEE000, DicomBytes.Undefined)
            .Implicit(0x00081150, "1.2.3")       // implicit VR inside (PS3.5 §6.2.2)
            .ImplicitHeader(0x00081199, DicomBytes.Undefined) // a known SQ, undefined length
            .Delimiter(0xFFFEE000, DicomBytes.Undefined).Implicit(0x00081155, "9.8").Delimiter(0xFFFEE00D, 0)
            .Delimiter(0xFFFEE0DD, 0)
            .Delimiter(0xFFFEE00D, 0)
            .Delimiter(0xFFFEE0DD, 0)
            .Header(0x00081115, "UN", DicomBytes.Undefined) // a public SQ written as UN
            .Delimiter(0xFFFEE000, 0)
            .Delimiter(0xFFFEE0DD, 0)
            .ToArray();

        DicomDataset ds = DicomFile.Parse(bytes).Dataset;
        Assert.True(ds.TryGetElement(new DicomTag(0x0009, 0x1001), out DicomElement priv));
        Assert.Equal(DicomVR.SQ, priv.VR);
        DicomDataset item = Assert.Single(priv.Items);
        Assert.Equal(DicomVR.UI, item.First().VR);
        Assert.Equal("1.2.3", item.GetString(new DicomTag(0x0008, 0x1150)));
        Assert.Equal("9.8", item.GetSequence(new DicomTag(0x0008, 0x1199))[0].GetString(new DicomTag(0x0008, 0x1155)));
        Assert.Single(ds.GetSequence(new DicomTag(0x0008, 0x1115)));
    }

    [Fact]
    public void Pixel_data_written_as_UN_of_undefined_length_is_encapsulated()
    {
        byte[] bytes = DicomBytes.File("1.2.840.10008.1.2.4.50")
            .Header(0x7FE00010, "UN", DicomBytes.Undefined)
            .Item(0).Item(4).Raw([0xFF, 0xD8, 0xFF, 0xD9]).SequenceEnd().ToArray();
        Assert.True(DicomFile.Parse(bytes).Dataset.TryGetElement(DicomTag.PixelData, out DicomElement pixels));
        Assert.True(pixels.IsEncapsulated);
        Assert.Equal(DicomVR.OB, pixels.VR);
        Assert.Equal(new DicomFragment(bytes.Length - 12, 4), Assert.Single(pixels.Fragments));
    }

    [Fact]
    public void UN_with_a_known_tag_takes_the_dictionary_VR()
    {
        byte[] bytes = DicomBytes.File(ExplicitLE)
            .Explicit(0x00100010, "UN", "Doe^Jane")
            .Explicit(0x00280010, "UN", BitConverter.GetBytes((ushort)512))
            .Explicit(0x00291010, "UN", [1, 2, 3, 4])
            .ToArray();

        DicomDataset ds = DicomFile.Parse(bytes).Dataset;
        Assert.True(ds.TryGetElement(DicomTag.PatientName, out DicomElement pn));
        Assert.Equal(DicomVR.PN, pn.VR);
        Assert.True(pn.IsFromUN);
        Assert.Equal("Doe^Jane", pn.GetPersonNames()[0].Alphabetic);
        Assert.True(ds.TryGetInt32(DicomTag.Rows, out int rows));
        Assert.Equal(512, rows);
        Assert.True(ds.TryGetElement(new DicomTag(0x0029, 0x1010), out DicomElement unknown));
        Assert.Equal(DicomVR.UN, unknown.VR);
    }

    [Fact]
    public void Implicit_US_or_SS_follows_Pixel_Representation_and_LUT_descriptors_stay_unsigned()
    {
        byte[] bytes = DicomBytes.File(ImplicitLE)
            .Implicit(0x00280103, BitConverter.GetBytes((ushort)1))
            .Implicit(0x00280106, BitConverter.GetBytes((short)-100))
            .Implicit(0x00283002, [0, 0x10, 0x00, 0x80, 16, 0]) // LUT Descriptor: 4096, 0x8000, 16
            .Implicit(0x7FE00010, new byte[4])
            .ToArray();

        DicomDataset ds = DicomFile.Parse(bytes).Dataset;
        Assert.True(ds.TryGetElement(new DicomTag(0x0028, 0x0106), out DicomElement smallest));
        Assert.Equal(DicomVR.SS, smallest.VR);
        Assert.Equal("-100", smallest.GetString());
        Assert.True(ds.TryGetElement(new DicomTag(0x0028, 0x3002), out DicomElement lut));
        Assert.Equal(DicomVR.US, lut.VR);
        Assert.Equal(["4096", "32768", "16"], lut.GetStrings());
        Assert.True(ds.TryGetElement(DicomTag.PixelData, out DicomElement pixels));
        Assert.Equal(DicomVR.OW, pixels.VR); // PS3.5 §A.1
        Assert.True(pixels.IsBulkData);
    }

    [Fact]
    public void Explicit_big_endian_values_are_read_in_big_endian()
    {
        byte[] bytes = DicomBytes.File(ExplicitBE)
            .Explicit(0x00080005, "CS", "ISO_IR 100", bigEndian: true)
            .Explicit(0x00200013, "IS", "7", bigEndian: true)
            .Explicit(0x00280010, "US", [0x02, 0x00], bigEndian: true)
            .Explicit(0x00281101, "US", [0x01, 0x00, 0x00, 0x00, 0x00, 0x10], bigEndian: true)
            .Explicit(0x00289503, "SS", [0xFF, 0xFE], bigEndian: true)
            .Explicit(0x00209165, "AT", [0x00, 0x20, 0x00, 0x32], bigEndian: true)
            .Explicit(0x00291010, "OW", [0x12, 0x34], bigEndian: true)
            .ToArray();

        DicomFile file = DicomFile.Parse(bytes);
        Assert.True(file.TransferSyntax.IsBigEndian);
        DicomDataset ds = file.Dataset;
        Assert.Equal("512", ds.GetString(DicomTag.Rows));
        Assert.Equal(["256", "0", "16"], ds.GetStrings(new DicomTag(0x0028, 0x1101)));
        Assert.Equal("-2", ds.GetString(new DicomTag(0x0028, 0x9503)));
        Assert.Equal("00200032", ds.GetString(new DicomTag(0x0020, 0x9165)));
        string json = Json(ds);
        Assert.Contains("\"00209165\":{\"vr\":\"AT\",\"Value\":[\"00200032\"]}", json);
        Assert.Contains("\"00291010\":{\"vr\":\"OW\",\"InlineBinary\":\"NBI=\"}", json); // 0x1234 as little endian bytes 34 12
    }

    [Fact]
    public void Zero_bytes_after_the_last_element_are_tolerated_but_other_junk_is_not()
    {
        byte[] good = [.. DicomBytes.File(ExplicitLE).Explicit(0x00100020, "LO", "ID").ToArray(), 0, 0, 0];
        DicomFile file = DicomFile.Parse(good);
        Assert.Equal("ID", file.Dataset.GetString(DicomTag.PatientID));
        Assert.Single(file.Warnings);

        byte[] bad = [.. DicomBytes.File(ExplicitLE).Explicit(0x00100020, "LO", "ID").ToArray(), 0x10, 0, 0];
        Assert.Contains("ends inside an element header", Assert.ThrowsAny<DicomException>(() => DicomFile.Parse(bad)).Reason);
    }

    [Theory]
    [InlineData(0xFFFEE000u, "outside a sequence")]
    [InlineData(0xFFFEE00Du, "outside an item")]
    [InlineData(0xFFFE1234u, "invalid element")]
    public void Stray_items_and_delimiters_in_the_dataset_are_rejected(uint tag, string reason)
    {
        byte[] bytes = DicomBytes.File(ExplicitLE).Explicit(0x00100020, "LO", "ID").Delimiter(tag, 4).Raw(new byte[4]).ToArray();
        Assert.Contains(reason, Assert.ThrowsAny<DicomException>(() => DicomFile.Parse(bytes)).Reason);
    }

    [Fact]
    public void A_stray_sequence_delimiter_at_the_top_level_is_skipped()
    {
        byte[] bytes = DicomBytes.File(ExplicitLE).Header(0x00091010, "SQ", 0).SequenceEnd().Explicit(0x00100020, "LO", "ID").ToArray();
        DicomFile file = DicomFile.Parse(bytes);
        Assert.Equal("ID", file.Dataset.GetString(DicomTag.PatientID));
        Assert.Contains(file.Warnings, w => w.Contains("Sequence Delimitation", StringComparison.Ordinal));
    }

    [Fact]
    public void File_meta_without_group_length_and_file_without_preamble()
    {
        byte[] withMeta = DicomBytes.File(ExplicitLE, groupLength: false).Explicit(0x00100020, "LO", "ID").ToArray();
        DicomFile file = DicomFile.Parse(withMeta);
        Assert.True(file.HasPreamble);
        Assert.Equal(2, file.FileMetaInformation.Count);
        Assert.Equal(withMeta.Length - 10, file.DatasetOffset);

        byte[] bare = new DicomBytes().Implicit(0x00080005, "ISO_IR 100").Implicit(0x00100020, "ID").ToArray();
        file = DicomFile.Parse(bare);
        Assert.False(file.HasPreamble);
        Assert.Equal(0, file.FileMetaInformation.Count);
        Assert.Equal(ImplicitLE, file.TransferSyntaxUid);
        Assert.Equal("ID", file.Dataset.GetString(DicomTag.PatientID));
    }

    [Fact]
    public void Explicit_big_endian_without_File_Meta_is_detected()
    {
        // Like pydicom's test_files/ExplVR_BigEndNoMeta.dcm: (0008,0005) reads as (0800,0500) in little endian.
        byte[] bare = new DicomBytes()
            .Explicit(0x00080005, "CS", "ISO_IR 100", bigEndian: true)
            .Explicit(0x00280010, "US", [0x02, 0x00], bigEndian: true)
            .Explicit(0x00100020, "LO", "ID", bigEndian: true).ToArray();
        foreach (byte[] bytes in new[] { bare, [.. new byte[128], .. "DICM"u8, .. bare] }) // also after a preamble
        {
            DicomFile file = DicomFile.Parse(bytes);
            Assert.Equal(ExplicitBE, file.TransferSyntaxUid);
            Assert.Equal("512", file.Dataset.GetString(DicomTag.Rows));
            Assert.Equal("ID", file.Dataset.GetString(DicomTag.PatientID));
        }
    }

    [Fact]
    public async Task Deflated_data_that_starts_like_group_0002_ends_the_File_Meta_at_its_group_length()
    {
        byte[] dataset = new DicomBytes().Explicit(0x00100020, "LO", "DEFLATED").ToArray();
        // Raw deflate (RFC 1951) starting with the bytes 02 00: an empty fixed-Huffman block, then the dataset in
        // a stored block, then an empty final stored block.
        byte[] deflated =
        [
            0x02, 0x00, (byte)dataset.Length, 0, (byte)~dataset.Length, 0xFF, .. dataset,
            0x01, 0x00, 0x00, 0xFF, 0xFF,
        ];
        byte[] bytes = [.. DicomBytes.File("1.2.840.10008.1.2.1.99").ToArray(), .. deflated];

        DicomFile file = DicomFile.Parse(bytes);
        Assert.Equal("DEFLATED", file.Dataset.GetString(DicomTag.PatientID));
        Assert.Equal(bytes.Length - deflated.Length, file.DatasetOffset);
        DicomFile streamed = await DicomFile.ReadAsync(new NonSeekableStream(bytes, 7));
        Assert.Equal("DEFLATED", streamed.Dataset.GetString(DicomTag.PatientID));

        byte[] notDeflate = [.. DicomBytes.File("1.2.840.10008.1.2.1.99").ToArray(), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        Assert.Contains("not a valid deflate stream", Assert.ThrowsAny<DicomException>(() => DicomFile.Parse(notDeflate)).Reason);
        Assert.Contains("not a valid deflate stream", (await Assert.ThrowsAnyAsync<DicomException>(() => DicomFile.ReadAsync(new MemoryStream(notDeflate)))).Reason);
    }

    [Theory]
    [InlineData(new byte[0], "there is no DICOM data")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46 }, "not DICOM")] // a JPEG
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x25 }, "not DICOM")] // a PDF
    public void Input_that_is_not_DICOM_is_rejected(byte[] bytes, string reason)
    {
        Assert.Contains(reason, Assert.ThrowsAny<DicomException>(() => DicomFile.Parse(bytes)).Reason);
        Assert.Contains(reason, Assert.ThrowsAny<DicomException>(() => DicomFile.ReadAsync(new MemoryStream(bytes)).GetAwaiter().GetResult()).Reason);
    }

    [Fact]
    public void Duplicate_and_unordered_tags_are_sorted_keeping_the_first()
    {
        byte[] bytes = DicomBytes.File(ExplicitLE)
            .Explicit(0x00100020, "LO", "FIRST")
            .Explicit(0x00080060, "CS", "CT")
            .Explicit(0x00100020, "LO", "SECOND").ToArray();
        DicomDataset ds = DicomFile.Parse(bytes).Dataset;
        Assert.Equal([0x00080060u, 0x00100020u], ds.Select(e => e.Tag.Value));
        Assert.Equal("FIRST", ds.GetString(DicomTag.PatientID));
    }

    internal static string Json(DicomDataset ds) =>
        System.Text.Encoding.UTF8.GetString(DicomJsonWriter.SerializeToUtf8Bytes(ds, new DicomJsonWriterOptions { BulkDataUriFactory = (p, _) => p }));

    internal static JsonDocument JsonDocumentOf(DicomDataset ds) => JsonDocument.Parse(Json(ds));
}
