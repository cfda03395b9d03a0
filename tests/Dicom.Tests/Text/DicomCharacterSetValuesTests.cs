namespace Serverless.Dicom.Tests.Text;

/// <summary>Splitting on 0x5C, padding, empty values, escape sequences inside values and person-name groups.</summary>
public sealed class DicomCharacterSetValuesTests
{
    private static readonly DicomCharacterSet Japanese = DicomCharacterSet.FromTerms(["", "ISO 2022 IR 87"]);

    [Fact]
    public void Empty_and_padding_only_values_have_no_values()
    {
        foreach (var vr in new[] { DicomVR.LO, DicomVR.CS, DicomVR.UI, DicomVR.LT, DicomVR.PN })
        {
            Assert.Empty(DicomCharacterSet.Default.DecodeValues([], vr));
            Assert.Empty(DicomCharacterSet.Default.DecodeValues("  "u8, vr));
            Assert.Empty(Japanese.DecodeValues([0x00], vr));
        }

        Assert.Empty(Japanese.DecodePersonNames([]));
        Assert.Empty(Japanese.DecodePersonNames(" "u8));
    }

    [Theory]
    [InlineData(DicomVR.CS, " ORIGINAL \\PRIMARY ", new[] { "ORIGINAL", "PRIMARY" })]
    [InlineData(DicomVR.DS, " 0.1500\\0.1500 ", new[] { "0.1500", "0.1500" })]
    [InlineData(DicomVR.IS, "  1 ", new[] { "1" })]
    [InlineData(DicomVR.AE, " STORESCP  ", new[] { "STORESCP" })]
    [InlineData(DicomVR.LO, " eggs\\spam ", new[] { " eggs", "spam" })]
    [InlineData(DicomVR.SH, "a\\\\b", new[] { "a", "", "b" })]
    [InlineData(DicomVR.LT, "C:\\path\\file  ", new[] { "C:\\path\\file" })]
    [InlineData(DicomVR.ST, "  indented", new[] { "  indented" })]
    [InlineData(DicomVR.UR, "http://x/a\\b ", new[] { "http://x/a\\b" })]
    public void Values_are_split_and_padding_removed_per_vr(DicomVR vr, string encoded, string[] expected)
    {
        Assert.Equal(expected, DicomCharacterSet.Default.DecodeValues(System.Text.Encoding.ASCII.GetBytes(encoded), vr));
    }

    [Fact]
    public void Uids_lose_their_trailing_nul()
    {
        Assert.Equal(["1.2.840.10008.5.1.4.1.1.7"], DicomCharacterSet.Default.DecodeValues("1.2.840.10008.5.1.4.1.1.7\0"u8, DicomVR.UI));
    }

    [Fact]
    public void Vrs_outside_the_specific_character_set_use_the_default_repertoire()
    {
        // PS3.5 §6.1.2.3: CS, AE, UI… are always ISO-IR 6; a UTF-8 set must not change how they decode.
        var utf8 = DicomCharacterSet.FromTerms(["ISO_IR 192"]);

        Assert.Equal(["\u00C3\u00A9"], utf8.DecodeValues("é"u8, DicomVR.CS));
        Assert.Equal(["é"], utf8.DecodeValues("é"u8, DicomVR.LO));
    }

    [Fact]
    public void Escape_sequences_switch_sets_inside_a_value()
    {
        // "Chest" + JIS X 0208 "山田" + ASCII " PA" + JIS X 0208 "太郎" (ESC $ B … ESC ( B twice in one value).
        byte[] value = [.. "Chest "u8, 0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42, .. " PA "u8,
            0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x42];

        Assert.Equal(["Chest 山田 PA 太郎"], Japanese.DecodeValues(value, DicomVR.LO));
    }

    [Fact]
    public void Latin_and_greek_alternate_by_escape_in_one_value()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO 2022 IR 100", "ISO 2022 IR 126"]);
        byte[] value = [0xE9, 0x1B, 0x2D, 0x46, 0xC1, 0xE2, 0x1B, 0x2D, 0x41, 0xE9];

        Assert.Equal(["éΑβé"], characterSet.DecodeValues(value, DicomVR.LO));
    }

    [Fact]
    public void Each_value_starts_again_in_the_initial_set()
    {
        // The writer forgot ESC ( B before the delimiter; the second value still starts in ASCII (PS3.5 §6.1.2.5.3).
        var characterSet = DicomCharacterSet.FromTerms(["ISO 2022 IR 100", "ISO 2022 IR 144"]);
        byte[] value = [0x1B, 0x2D, 0x4C, 0xB0, (byte)'\\', 0xE9];

        Assert.Equal(["А", "é"], characterSet.DecodeValues(value, DicomVR.LO));
    }

    [Fact]
    public void Control_characters_reset_to_the_initial_set()
    {
        var characterSet = DicomCharacterSet.FromTerms(["ISO 2022 IR 100", "ISO 2022 IR 144"]);
        byte[] value = [0x1B, 0x2D, 0x4C, 0xB0, 0x0D, 0x0A, 0xE9];

        Assert.Equal(["А\r\né"], characterSet.DecodeValues(value, DicomVR.LT));
    }

    [Fact]
    public void A_5c_byte_inside_a_jis_x_0208_character_is_not_a_delimiter()
    {
        // JIS X 0208 0x245C is "ぼ" and 0x5C21 is "棔": both carry the byte 0x5C, only the bare one splits.
        byte[] value = [0x1B, 0x24, 0x42, 0x24, 0x5C, 0x5C, 0x21, 0x1B, 0x28, 0x42, (byte)'\\', (byte)'B'];

        Assert.Equal(["ぼ棔", "B"], Japanese.DecodeValues(value, DicomVR.LO));
    }

    [Fact]
    public void A_5c_trail_byte_in_gbk_and_gb18030_is_not_a_delimiter()
    {
        // 0x815C is "乗" in GBK and GB18030.
        byte[] value = [0x81, 0x5C, (byte)'\\', 0xD6, 0xD0];

        Assert.Equal(["乗", "中"], DicomCharacterSet.FromTerms(["GBK"]).DecodeValues(value, DicomVR.LO));
        Assert.Equal(["乗", "中"], DicomCharacterSet.FromTerms(["GB18030"]).DecodeValues(value, DicomVR.LO));
        Assert.Equal([new DicomPersonName("乗", "中", null)], DicomCharacterSet.FromTerms(["GB18030"]).DecodePersonNames([0x81, 0x5C, (byte)'=', 0xD6, 0xD0]));
    }

    [Fact]
    public void Jis_x_0201_romaji_has_yen_and_overline_where_ascii_has_backslash_and_tilde()
    {
        // PS3.5 §6.1.2.3 Note 3. In LT the byte 0x5C is a character; in LO it is the delimiter.
        var characterSet = DicomCharacterSet.FromTerms(["ISO_IR 13"]);

        Assert.Equal(["100\u00A5 \u203E ｱ"], characterSet.DecodeValues([.. "100\\ ~ "u8, 0xB1], DicomVR.LT));
        Assert.Equal(["a", "b"], characterSet.DecodeValues("a\\b"u8, DicomVR.LO));
    }

    [Fact]
    public void Person_names_split_into_groups_and_values()
    {
        var names = DicomCharacterSet.Default.DecodePersonNames("Doe^John\\=Ideo\\A=B=C=D\\\\Smith "u8);

        Assert.Equal(
        [
            new DicomPersonName("Doe^John", null, null),
            new DicomPersonName("", "Ideo", null),
            new DicomPersonName("A", "B", "C=D"),
            new DicomPersonName(null, null, null),
            new DicomPersonName("Smith", null, null),
        ], names);
    }

    [Fact]
    public void Person_name_components_and_groups_reset_to_the_initial_set_at_delimiters()
    {
        // Cyrillic (ESC - L) is designated to G1 and the writer does not switch back: in PN every '^' and '=' returns
        // to value 1 (Latin-1 here), as PS3.5 §6.1.2.5.3 requires; in LO the designation lasts to the end of the value.
        var characterSet = DicomCharacterSet.FromTerms(["ISO 2022 IR 100", "ISO 2022 IR 144"]);
        byte[] value = [0x1B, 0x2D, 0x4C, 0xB0, (byte)'^', 0xE9, (byte)'=', 0x1B, 0x2D, 0x4C, 0xB1, (byte)'^', 0xE9];

        Assert.Equal([new DicomPersonName("А^é", "Б^é", null)], characterSet.DecodePersonNames(value));
        Assert.Equal(["А^é=Б^é"], characterSet.DecodeValues(value, DicomVR.PN));
        Assert.Equal(["А^щ=Б^щ"], characterSet.DecodeValues(value, DicomVR.LO));
    }

    [Fact]
    public void Undecodable_bytes_become_replacement_characters_and_never_throw()
    {
        byte[][] values =
        [
            [0x1B], [0x1B, 0x24], [0x1B, 0x24, 0x42, 0x3B], [0x1B, 0x25, 0x47, 0x41], [0xFF, 0xFE, 0x80],
            [0x1B, 0x24, 0x29, 0x43, 0xC8], [0x1B, 0x24, 0x28, 0x44, 0x7E, 0x7E], [0x1B, 0x24, 0x29, 0x43, 0xA0, 0xA1, 0xFF, 0xA1],
        ];
        var sets = new[]
        {
            DicomCharacterSet.Default, Japanese, DicomCharacterSet.FromTerms(["ISO_IR 192"]), DicomCharacterSet.FromTerms(["GB18030"]),
            DicomCharacterSet.FromTerms(["ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159"]),
        };

        foreach (var characterSet in sets)
        {
            foreach (var value in values)
            {
                Assert.NotNull(characterSet.DecodeValues(value, DicomVR.LO));
                Assert.NotNull(characterSet.DecodePersonNames(value));
            }
        }

        Assert.Equal(["\uFFFD"], Japanese.DecodeValues([0x1B, 0x25, 0x47], DicomVR.LO)); // unknown escape sequence
        Assert.Equal(["\uFFFD"], Japanese.DecodeValues([0x1B, 0x24, 0x42, 0x3B], DicomVR.LO)); // half a character
    }

    [Fact]
    public void Random_bytes_never_throw_in_any_set()
    {
        string[][] termLists =
        [
            [], ["ISO_IR 100"], ["ISO_IR 13"], ["ISO_IR 166"], ["ISO_IR 192"], ["GB18030"], ["GBK"], ["UNKNOWN"],
            ["", "ISO 2022 IR 87", "ISO 2022 IR 159"], ["ISO 2022 IR 13", "ISO 2022 IR 87"], ["", "ISO 2022 IR 149"],
            ["", "ISO 2022 IR 58"], ["ISO 2022 IR 100", "ISO 2022 IR 126", "ISO 2022 IR 138"],
        ];
        var random = new Random(20240601);
        var buffer = new byte[64];
        // Escape sequences and their pieces are over-represented so that every designation gets exercised.
        byte[] interesting = [0x1B, 0x24, 0x28, 0x29, 0x2D, 0x41, 0x42, 0x43, 0x44, 0x49, 0x4A, 0x5C, 0x3D, 0x5E, 0x0D, 0xA0, 0xA1, 0xFE, 0xFF, 0x81, 0x30];

        foreach (var terms in termLists)
        {
            var characterSet = DicomCharacterSet.FromTerms(terms);
            for (var round = 0; round < 500; round++)
            {
                var length = random.Next(buffer.Length + 1);
                for (var i = 0; i < length; i++) buffer[i] = random.Next(3) == 0 ? interesting[random.Next(interesting.Length)] : (byte)random.Next(256);
                var value = buffer.AsSpan(0, length);

                foreach (var vr in new[] { DicomVR.LO, DicomVR.LT, DicomVR.PN, DicomVR.CS })
                {
                    Assert.NotNull(characterSet.DecodeValues(value, vr));
                }

                Assert.NotNull(characterSet.DecodePersonNames(value));
            }
        }
    }

    [Fact]
    public void Pure_ascii_takes_the_fast_path_in_every_set()
    {
        var sets = new[] { "", "ISO_IR 100", "ISO_IR 192", "GB18030", "GBK", "ISO 2022 IR 149", "ISO_IR 13" };

        foreach (var term in sets)
        {
            Assert.Equal(["CHEST", "PA"], DicomCharacterSet.FromTerms([term]).DecodeValues("CHEST\\PA "u8, DicomVR.LO));
        }
    }
}
