namespace Serverless.Dicom.Tests.Text;

/// <summary>The character set as the dataset layer applies it: read from (0008,0005) by DicomFile.Parse, inherited by items.</summary>
public sealed class CharsetDatasetTests
{
    private static DicomDataset Parse(string fileName) =>
        DicomFile.Parse(File.ReadAllBytes(Path.Combine(CharsetSampleFiles.SamplesRoot, "charset", fileName))).Dataset;

    [Fact]
    public void ChrH32_japanese_katakana_and_kanji_person_name()
    {
        var dataset = Parse("chrH32.dcm");

        Assert.Equal(["ISO 2022 IR 13", "ISO 2022 IR 87"], dataset.CharacterSet.Terms);
        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void ChrSQEncoding_sequence_item_declares_its_own_character_set()
    {
        var dataset = Parse("chrSQEncoding.dcm");
        Assert.True(dataset.TryGetElement(new DicomTag(0x0032, 0x1064), out var sequence));
        var item = Assert.Single(sequence.Items);

        Assert.Equal(["ISO_IR 192"], dataset.CharacterSet.Terms);
        Assert.Equal(["ISO 2022 IR 13", "ISO 2022 IR 87"], item.CharacterSet.Terms);
        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", item.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Empty_charset_LEI_zero_length_specific_character_set_is_the_default()
    {
        Assert.Same(DicomCharacterSet.Default, Parse("empty_charset_LEI.dcm").CharacterSet);
    }
}
