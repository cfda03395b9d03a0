namespace Serverless.Dicom.Tests.Text;

/// <summary>Every defined term of PS3.3 §C.12.1.1.2 decodes a sample of its own repertoire; term handling.</summary>
public sealed class DicomCharacterSetTermsTests
{
    private static string Decode(string[] terms, byte[] value, DicomVR vr = DicomVR.LO) =>
        Assert.Single(DicomCharacterSet.FromTerms(terms).DecodeValues(value, vr));

    // Table C.12-2 (single-byte, no code extensions) and the same sets as value 1 with code extensions (Table C.12-3).
    [Theory]
    [InlineData("100", new byte[] { 0x4A, 0xE9, 0x72, 0xF4, 0x6D, 0x65 }, "Jérôme")]
    [InlineData("101", new byte[] { 0x44, 0x76, 0x6F, 0xF8, 0xE1, 0x6B }, "Dvořák")]
    [InlineData("109", new byte[] { 0xA1, 0x61, 0xF5, 0x61, 0x72 }, "Ħaġar")]
    [InlineData("110", new byte[] { 0xA1, 0xBE, 0x75, 0x6F, 0x6C, 0x61, 0x73 }, "Ąžuolas")]
    [InlineData("144", new byte[] { 0xBB, 0xEE, 0xDA, 0x63, 0x65, 0xDC, 0xD1, 0x79, 0x70, 0xD3 }, "Люкceмбypг")]
    [InlineData("127", new byte[] { 0xE2, 0xC8, 0xC7, 0xE6, 0xEA }, "قباني")]
    [InlineData("126", new byte[] { 0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2 }, "Διονυσιος")]
    [InlineData("138", new byte[] { 0xF9, 0xF8, 0xE5, 0xEF }, "שרון")]
    [InlineData("148", new byte[] { 0x49, 0xFE, 0xFD, 0x6B }, "Işık")]
    [InlineData("203", new byte[] { 0xBC, 0x75, 0x76, 0x72, 0x65, 0xA4 }, "Œuvre€")]
    [InlineData("166", new byte[] { 0xC0, 0xD2, 0xC9, 0xD2, 0xE4, 0xB7, 0xC2 }, "ภาษาไทย")]
    [InlineData("13", new byte[] { 0xD4, 0xCF, 0xC0, 0xDE }, "ﾔﾏﾀﾞ")]
    public void Single_byte_sets_decode_with_and_without_code_extensions(string registration, byte[] value, string expected)
    {
        Assert.Equal(expected, Decode([$"ISO_IR {registration}"], value));
        Assert.Equal(expected, Decode([$"ISO 2022 IR {registration}"], value));
    }

    // Table C.12-3 as value 2: the set is reached by its G1 escape sequence from a value 1 of ISO 2022 IR 6.
    [Theory]
    [InlineData("100", "-A", 0xE9, "é")]
    [InlineData("101", "-B", 0xB1, "ą")]
    [InlineData("109", "-C", 0xA1, "Ħ")]
    [InlineData("110", "-D", 0xA1, "Ą")]
    [InlineData("144", "-L", 0xB0, "А")]
    [InlineData("127", "-G", 0xC7, "ا")]
    [InlineData("126", "-F", 0xC1, "Α")]
    [InlineData("138", "-H", 0xE0, "א")]
    [InlineData("148", "-M", 0xFD, "ı")]
    [InlineData("203", "-b", 0xA4, "€")]
    [InlineData("166", "-T", 0xA1, "ก")]
    [InlineData("13", ")I", 0xB1, "ｱ")]
    public void Single_byte_sets_are_reached_by_escape_sequence(string registration, string escape, int b, string expected)
    {
        byte[] value = [(byte)'x', 0x1B, .. System.Text.Encoding.ASCII.GetBytes(escape), (byte)b];

        Assert.Equal("x" + expected, Decode(["ISO 2022 IR 6", $"ISO 2022 IR {registration}"], value));
    }

    // Table C.12-4: the multi-byte sets with code extensions.
    [Theory]
    [InlineData("ISO 2022 IR 87", new byte[] { 0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42 }, "山田")]
    [InlineData("ISO 2022 IR 159", new byte[] { 0x1B, 0x24, 0x28, 0x44, 0x30, 0x21, 0x22, 0x71, 0x1B, 0x28, 0x42 }, "丂№")]
    [InlineData("ISO 2022 IR 149", new byte[] { 0x1B, 0x24, 0x29, 0x43, 0xC8, 0xAB, 0xB1, 0xE6, 0xB5, 0xBF }, "홍길동")]
    [InlineData("ISO 2022 IR 58", new byte[] { 0x1B, 0x24, 0x29, 0x41, 0xD6, 0xD0, 0xCE, 0xC4 }, "中文")]
    public void Multi_byte_sets_with_code_extensions(string term, byte[] value, string expected)
    {
        Assert.Equal(expected, Decode(["", term], value));
    }

    // Table C.12-5: the multi-byte sets without code extensions.
    [Theory]
    [InlineData("ISO_IR 192", new byte[] { 0x4A, 0xC3, 0xA9, 0x72, 0xC3, 0xB4, 0x6D, 0x65, 0xE7, 0x8E, 0x8B, 0xF0, 0x9F, 0x98, 0x80 }, "Jérôme王😀")]
    [InlineData("GB18030", new byte[] { 0xD6, 0xD0, 0xCE, 0xC4 }, "中文")]
    [InlineData("GBK", new byte[] { 0xD6, 0xD0, 0xCE, 0xC4 }, "中文")]
    public void Multi_byte_sets_without_code_extensions(string term, byte[] value, string expected)
    {
        Assert.Equal(expected, Decode([term], value));
    }

    // Positions where Windows code pages differ from the ISO/Unicode mapping tables (and from Python's codecs,
    // which made the reference JSON); each was checked against the full tables when the mapping was chosen.
    [Theory]
    [InlineData(new[] { "", "ISO 2022 IR 159" }, new byte[] { 0x1B, 0x24, 0x28, 0x44, 0x22, 0x37 }, "~")]
    [InlineData(new[] { "", "ISO 2022 IR 149" }, new byte[] { 0x1B, 0x24, 0x29, 0x43, 0xB4, 0xD3 }, "닒")]
    [InlineData(new[] { "", "ISO 2022 IR 58" }, new byte[] { 0x1B, 0x24, 0x29, 0x41, 0xA1, 0xAC }, "‖")]
    [InlineData(new[] { "ISO_IR 126" }, new byte[] { 0xA1, 0xA2, 0xA4 }, "‘’€")]
    [InlineData(new[] { "ISO_IR 138" }, new byte[] { 0xAF }, "¯")]
    [InlineData(new[] { "ISO_IR 109" }, new byte[] { 0xA5 }, "\uFFFD")]
    [InlineData(new[] { "ISO_IR 166" }, new byte[] { 0xDB }, "\uFFFD")]
    public void Code_page_differences_follow_the_iso_tables(string[] terms, byte[] value, string expected)
    {
        Assert.Equal(expected, Decode(terms, value));
    }

    [Fact]
    public void Gb18030_four_byte_sequences_decode_including_supplementary_planes()
    {
        // 0x81308130 is U+0080, the first four-byte code; 0x95328236 is U+20000 (CJK Extension B, a surrogate pair).
        byte[] value = [0x41, 0x81, 0x30, 0x81, 0x30, 0x95, 0x32, 0x82, 0x36, 0x42];

        Assert.Equal("A\u0080\U00020000B", Decode(["GB18030"], value));
    }

    [Fact]
    public void Default_reads_ascii_and_decodes_other_bytes_as_latin1()
    {
        byte[] latin1 = [.. "Buc^J"u8, 0xE9, (byte)'r', 0xF4, .. "me"u8];

        Assert.Equal(["Buc^Jérôme"], DicomCharacterSet.Default.DecodeValues(latin1, DicomVR.PN));
        Assert.Empty(DicomCharacterSet.Default.Terms);
        Assert.Empty(DicomCharacterSet.Default.UnknownTerms);
    }

    [Fact]
    public void Empty_term_lists_give_the_default()
    {
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromTerms([]));
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromTerms([""]));
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromTerms(["  "]));
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromSpecificCharacterSet([]));
    }

    [Fact]
    public void Instances_are_cached_per_term_list()
    {
        var first = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);
        var second = DicomCharacterSet.FromTerms([" ", "ISO 2022 IR 87 "]);
        var fromBytes = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 87 "u8);

        Assert.Same(first, second);
        Assert.Same(first, fromBytes);
        Assert.Equal(["", "ISO 2022 IR 87"], first.Terms);
        Assert.Equal("\\ISO 2022 IR 87", first.ToString());
    }

    [Fact]
    public void Unknown_terms_are_recorded_and_value_1_falls_back_to_utf8_when_valid()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 999"]);

        Assert.Equal(["ISO_IR 999"], characterSet.UnknownTerms);
        Assert.Equal("Jérôme", Assert.Single(characterSet.DecodeValues("Jérôme"u8, DicomVR.LO)));
        Assert.Equal("Jérôme", Assert.Single(characterSet.DecodeValues([0x4A, 0xE9, 0x72, 0xF4, 0x6D, 0x65], DicomVR.LO)));
    }

    [Fact]
    public void Unknown_extension_terms_are_recorded_and_ignored()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 100", "KLINGON"]);

        Assert.Equal(["KLINGON"], characterSet.UnknownTerms);
        Assert.Equal("é", Assert.Single(characterSet.DecodeValues([0xE9], DicomVR.LO)));
    }

    [Theory]
    [InlineData("ISO-IR 100")]
    [InlineData("ISO_IR100")]
    [InlineData("ISO IR 100")]
    [InlineData("iso_ir 100")]
    [InlineData("ISO 2022 IR 100")]
    public void Misspelt_defined_terms_are_repaired(string term)
    {
        var characterSet = DicomCharacterSet.FromTerms([term]);

        Assert.Empty(characterSet.UnknownTerms);
        Assert.Equal("é", Assert.Single(characterSet.DecodeValues([0xE9], DicomVR.LO)));
    }

    [Fact]
    public void Stand_alone_sets_ignore_further_values()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 192", "ISO 2022 IR 87"]);

        Assert.Equal("é", Assert.Single(characterSet.DecodeValues("é"u8, DicomVR.LO)));
    }

    [Fact]
    public void Korean_without_escape_sequences_reads_the_declared_g1_set()
    {
        // Common in Korean files: value 1 empty or "ISO 2022 IR 149" alone, raw EUC-KR with no ESC $ ) C.
        byte[] value = [0xB1, 0xE8, 0xC8, 0xF1, 0xC1, 0xDF];

        Assert.Equal("김희중", Decode(["", "ISO 2022 IR 149"], value));
        Assert.Equal("김희중", Decode(["ISO 2022 IR 149"], value));
    }
}
