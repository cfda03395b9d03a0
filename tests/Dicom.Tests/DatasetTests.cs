namespace Serverless.Dicom.Tests;

/// <summary>The dataset layer's accessors on real files.</summary>
public class DatasetTests
{
    [Fact]
    public void Accessors_decode_on_demand()
    {
        DicomFile file = DicomFile.Parse(SampleFiles.Read("modality/CT_small.dcm"));
        DicomDataset ds = file.Dataset;
        Assert.Equal("1.2.840.10008.1.2.1", file.TransferSyntaxUid);
        Assert.True(file.HasPreamble);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", ds.GetString(DicomTag.SOPClassUID));
        Assert.Equal("CT", ds.GetString(DicomTag.Modality));
        Assert.Equal("CompressedSamples^CT1", ds.GetString(DicomTag.PatientName));
        Assert.True(ds.TryGetInt32(DicomTag.Rows, out int rows));
        Assert.Equal(128, rows);
        Assert.True(ds.TryGetDouble(new DicomTag(0x0018, 0x0050), out double thickness)); // Slice Thickness (DS)
        Assert.Equal(5.0, thickness);
        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], ds.GetStrings(new DicomTag(0x0008, 0x0008)));
        Assert.Null(ds.GetString(new DicomTag(0x0008, 0x0002)));
        Assert.Empty(ds.GetStrings(new DicomTag(0x0008, 0x0002)));
        Assert.Null(ds.GetString(DicomTag.PixelData)); // binary
        Assert.Equal(file.FileMetaInformation.GetString(DicomTag.MediaStorageSOPInstanceUID), ds.GetString(DicomTag.SOPInstanceUID));
        Assert.True(file.DatasetOffset > 132);

        DicomElement[] elements = ds.ToArray();
        Assert.Equal(ds.Count, elements.Length);
        Assert.True(elements.Zip(elements.Skip(1)).All(p => p.First.Tag < p.Second.Tag));
        Assert.Same(elements[0], ds.First()); // elements are created once
    }

    [Fact]
    public void A_character_set_declared_in_a_sequence_item_applies_to_that_item()
    {
        DicomDataset ds = DicomFile.Parse(SampleFiles.Read("charset/chrSQEncoding.dcm")).Dataset;
        Assert.Equal("ISO_IR 192", ds.CharacterSet.ToString());
        DicomDataset item = ds.First(e => e.VR == DicomVR.SQ).Items[0];
        Assert.Contains("ISO 2022 IR 87", item.CharacterSet.ToString());
        DicomPersonName name = item.GetElement(item.IndexOf(0x00100010)).GetPersonNames()[0];
        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ", name.Alphabetic);
        Assert.Equal("山田^太郎", name.Ideographic);
    }

    [Fact]
    public void Items_without_their_own_character_set_inherit_the_parents()
    {
        DicomDataset ds = DicomFile.Parse(SampleFiles.Read("charset/chrX2.dcm")).Dataset;
        Assert.Equal("GB18030", ds.CharacterSet.ToString());
        var synthetic = DicomFile.Parse(DicomBytes.File("1.2.840.10008.1.2.1")
            .Explicit(0x00080005, "CS", "ISO_IR 100")
            .Header(0x00081140, "SQ", DicomBytes.Undefined).Item()
            .Explicit(0x00100010, "PN", [(byte)'M', 0xFC, (byte)'l', (byte)'l', (byte)'e', (byte)'r', (byte)'^', (byte)'A'])
            .ItemEnd().SequenceEnd().ToArray()).Dataset;
        DicomDataset item = synthetic.GetSequence(new DicomTag(0x0008, 0x1140))[0];
        Assert.Same(synthetic.CharacterSet, item.CharacterSet);
        Assert.Equal("Müller^A", item.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Tags_parse_and_format()
    {
        Assert.True(DicomTag.TryParse("(0010,0010)", out DicomTag a));
        Assert.True(DicomTag.TryParse("00100010", out DicomTag b));
        Assert.True(DicomTag.TryParse("0010,0010", out DicomTag c));
        Assert.Equal(DicomTag.PatientName, a);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
        Assert.False(DicomTag.TryParse("0010001G", out _));
        Assert.Equal("(7FE0,0010)", DicomTag.PixelData.ToString());
        Assert.Equal("7FE00010", DicomTag.PixelData.ToJsonKey());
        Assert.True(new DicomTag(0x0009, 0x0010).IsPrivateCreator);
        Assert.False(new DicomTag(0x0009, 0x1010).IsPrivateCreator);
    }
}
