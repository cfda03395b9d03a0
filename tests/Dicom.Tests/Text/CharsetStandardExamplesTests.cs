namespace Serverless.Dicom.Tests.Text;

/// <summary>
/// The encoded examples of PS3.5 Annexes H (Japanese), I (Korean), J (UTF-8, GB18030) and K (GB 2312), byte for byte,
/// against the character strings the standard gives for them.
/// </summary>
public sealed class CharsetStandardExamplesTests
{
    private static byte[] Bytes(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case string ascii: bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(ascii)); break;
                case int b: bytes.Add((byte)b); break;
                case byte[] run: bytes.AddRange(run); break;
            }
        }

        return [.. bytes];
    }

    private static readonly byte[] Esc = [0x1B];

    [Fact]
    public void H_3_1_japanese_person_name_with_value_1_empty()
    {
        // (0008,0005) \ISO 2022 IR 87; ESC $ B = JIS X 0208 into G0, ESC ( B = ASCII back into G0.
        var value = Bytes("Yamada^Tarou=", Esc, "$B;3ED", Esc, "(B^", Esc, "$BB@O:", Esc, "(B=",
            Esc, "$B$d$^$@", Esc, "(B^", Esc, "$B$?$m$&", Esc, "(B");
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

        var name = Assert.Single(characterSet.DecodePersonNames(value));

        Assert.Equal(new DicomPersonName("Yamada^Tarou", "山田^太郎", "やまだ^たろう"), name);
        Assert.Equal(["Yamada^Tarou=山田^太郎=やまだ^たろう"], characterSet.DecodeValues(value, DicomVR.PN));
    }

    [Fact]
    public void H_3_2_japanese_person_name_with_value_1_iso_2022_ir_13()
    {
        // Alphabetic group in JIS X 0201 katakana (G1, no escape needed), ESC ( J = JIS X 0201 Romaji back into G0.
        var value = Bytes(0xD4, 0xCF, 0xC0, 0xDE, "^", 0xC0, 0xDB, 0xB3, "=", Esc, "$B;3ED", Esc, "(J^", Esc, "$BB@O:", Esc, "(J=",
            Esc, "$B$d$^$@", Esc, "(J^", Esc, "$B$?$m$&", Esc, "(J");
        var characterSet = DicomCharacterSet.FromTerms(["ISO 2022 IR 13", "ISO 2022 IR 87"]);

        var name = Assert.Single(characterSet.DecodePersonNames(value));

        Assert.Equal(new DicomPersonName("ﾔﾏﾀﾞ^ﾀﾛｳ", "山田^太郎", "やまだ^たろう"), name);
    }

    [Fact]
    public void I_2_korean_person_name()
    {
        // ESC $ ) C = KS X 1001 into G1, re-designated in every component.
        var value = Bytes("Hong^Gildong=", Esc, "$)C", 0xFB, 0xF3, "^", Esc, "$)C", 0xD1, 0xCE, 0xD4, 0xD7, "=",
            Esc, "$)C", 0xC8, 0xAB, "^", Esc, "$)C", 0xB1, 0xE6, 0xB5, 0xBF);
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);

        Assert.Equal([new DicomPersonName("Hong^Gildong", "洪^吉洞", "홍^길동")], characterSet.DecodePersonNames(value));
    }

    [Fact]
    public void I_3_korean_long_text_mixes_hangul_and_ascii_after_one_escape_per_line()
    {
        var value = Bytes(Esc, "$)C", "The first line includes ", 0xC7, 0xD1, 0xB1, 0xDB, ".\r\n",
            Esc, "$)C", "The second line includes ", 0xC7, 0xD1, 0xB1, 0xDB, ", too.\r\n", "The third line");
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 149"]);

        var text = Assert.Single(characterSet.DecodeValues(value, DicomVR.LT));

        Assert.Equal("The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line", text);
    }

    [Fact]
    public void J_1_chinese_person_name_in_utf8()
    {
        var value = "Wang^XiaoDong=王^小東="u8.ToArray();
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 192"]);

        Assert.Equal([new DicomPersonName("Wang^XiaoDong", "王^小東", null)], characterSet.DecodePersonNames(value));
    }

    [Fact]
    public void J_3_chinese_person_name_in_gb18030()
    {
        byte[] value = [0x57, 0x61, 0x6e, 0x67, 0x5e, 0x58, 0x69, 0x61, 0x6f, 0x44, 0x6f, 0x6e, 0x67, 0x3d, 0xcd, 0xf5, 0x5e, 0xd0, 0xa1, 0xb6, 0xab, 0x3d];
        var characterSet = DicomCharacterSet.FromTerms(["GB18030"]);

        Assert.Equal([new DicomPersonName("Wang^XiaoDong", "王^小东", null)], characterSet.DecodePersonNames(value));
    }

    [Fact]
    public void J_4_chinese_long_text_in_gb18030()
    {
        var value = Bytes("The first line includes", 0xd6, 0xd0, 0xce, 0xc4, ".\r\nThe second line includes", 0xd6, 0xd0, 0xce, 0xc4,
            ", too.\r\nThe third line.\r\n");

        var text = Assert.Single(DicomCharacterSet.FromTerms(["GB18030"]).DecodeValues(value, DicomVR.LT));

        Assert.Equal("The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n", text);
    }

    [Fact]
    public void K_2_chinese_person_name_in_gb2312_with_code_extensions()
    {
        // ESC $ ) A = GB 2312 into G1, invoked again in each name component.
        var value = Bytes("Zhang^XiaoDong=", Esc, "$)A", 0xD5, 0xC5, "^", Esc, "$)A", 0xD0, 0xA1, 0xB6, 0xAB, "= ");
        var characterSet = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 58"]);

        Assert.Equal([new DicomPersonName("Zhang^XiaoDong", "张^小东", null)], characterSet.DecodePersonNames(value));
    }

    [Fact]
    public void K_3_chinese_long_text_starts_every_line_in_the_default_set()
    {
        byte[] line1 = [0x31, 0x2e, 0x1B, 0x24, 0x29, 0x41, 0xB5, 0xDA, 0xD2, 0xBB, 0xD0, 0xD0, 0xCE, 0xC4, 0xD7, 0xD6, 0xA1, 0xA3, 0x0D, 0x0A];
        byte[] line2 = [0x32, 0x2e, 0x1B, 0x24, 0x29, 0x41, 0xB5, 0xDA, 0xB6, 0xFE, 0xD0, 0xD0, 0xCE, 0xC4, 0xD7, 0xD6, 0xA1, 0xA3, 0x0D, 0x0A];
        byte[] line3 = [0x33, 0x2e, 0x1B, 0x24, 0x29, 0x41, 0xB5, 0xDA, 0xC8, 0xFD, 0xD0, 0xD0, 0xCE, 0xC4, 0xD7, 0xD6, 0xA1, 0xA3, 0x0D, 0x0A];

        var text = Assert.Single(DicomCharacterSet.FromTerms(["", "ISO 2022 IR 58"]).DecodeValues([.. line1, .. line2, .. line3], DicomVR.LT));

        Assert.Equal("1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n", text);
    }
}
