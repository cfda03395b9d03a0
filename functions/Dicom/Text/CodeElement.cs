using System.Text;

namespace Serverless.Dicom;

/// <summary>
/// One graphic character set that ISO/IEC 2022 can designate into G0 or G1 (PS3.3 Tables C.12-2 to C.12-4):
/// a 94- or 96-character single-byte set, or a 94×94 double-byte set.
/// </summary>
/// <remarks>
/// Characters are looked up by their 7-bit position (the byte with bit 8 cleared), so the same table serves a set
/// invoked in GL (0x21–0x7E) and in GR (0xA1–0xFE). Tables are built once, on first use, from the code pages of
/// <see cref="CodePagesEncodingProvider"/> (part of the shared framework). The provider is asked directly instead of
/// being registered with <see cref="Encoding.RegisterProvider"/>, so the library changes no process-wide state.
/// Positions a set does not define, and code-page private-use stand-ins for them, decode to U+FFFD.
/// </remarks>
internal sealed class CodeElement
{
    internal const char Replacement = '\uFFFD';

    private readonly Func<char[]> _build;
    private char[]? _table;

    private CodeElement(string registration, int bytesPerCharacter, Func<char[]> build)
    {
        Registration = registration;
        BytesPerCharacter = bytesPerCharacter;
        _build = build;
    }

    /// <summary>The ISO registration, e.g. "ISO-IR 87"; for diagnostics.</summary>
    public string Registration { get; }

    /// <summary>1 for single-byte sets, 2 for the 94×94 sets (JIS X 0208/0212, KS X 1001, GB 2312).</summary>
    public int BytesPerCharacter { get; }

    /// <summary>Single-byte sets: 128 entries by 7-bit position. Double-byte sets: 94×94 entries by row and cell.</summary>
    private char[] Table => _table ?? LazyInitializer.EnsureInitialized(ref _table, _build);

    /// <summary>Decodes one byte of a single-byte set (GL or GR position).</summary>
    public char Decode(byte b) => Table[b & 0x7F];

    /// <summary>Decodes a double-byte character; both bytes must be in 0x21–0x7E or 0xA1–0xFE.</summary>
    public char Decode(byte first, byte second) => Table[((first & 0x7F) - 0x21) * 94 + (second & 0x7F) - 0x21];

    // ---- ISO 646 family (G0) ----

    /// <summary>ISO-IR 6, the DICOM default repertoire (ASCII).</summary>
    public static readonly CodeElement Ascii = new("ISO-IR 6", 1, () => BuildSingleByte(position => (char)position));

    /// <summary>ISO-IR 14, JIS X 0201 Romaji: ASCII except 05/12 = YEN SIGN and 07/14 = OVERLINE (PS3.5 §6.1.2.3 Note 3).</summary>
    public static readonly CodeElement JisRomaji = new("ISO-IR 14", 1, () => BuildSingleByte(position => position switch
    {
        0x5C => '\u00A5',
        0x7E => '\u203E',
        _ => (char)position,
    }));

    /// <summary>ISO-IR 13, JIS X 0201 Katakana: 0x21–0x5F (or 0xA1–0xDF) map onto the half-width katakana block.</summary>
    public static readonly CodeElement JisKatakana = new("ISO-IR 13", 1, () => BuildSingleByte(position =>
        position is >= 0x21 and <= 0x5F ? (char)(0xFF61 + position - 0x21) : Replacement));

    // ---- ISO 8859 supplementary sets and TIS 620 (G1) ----

    public static readonly CodeElement Latin1 = new("ISO-IR 100", 1, () => BuildSingleByte(position => (char)(position | 0x80)));
    public static readonly CodeElement Latin2 = SingleByte("ISO-IR 101", 28592);
    public static readonly CodeElement Latin3 = SingleByte("ISO-IR 109", 28593);
    public static readonly CodeElement Latin4 = SingleByte("ISO-IR 110", 28594);
    public static readonly CodeElement Cyrillic = SingleByte("ISO-IR 144", 28595);
    public static readonly CodeElement Arabic = SingleByte("ISO-IR 127", 28596);

    // Windows' 28597 follows ISO 8859-7:1987; 0xA1/0xA2 are the quotation marks of the Unicode mapping table and
    // 0xA4, 0xA5, 0xAA were added by ISO 8859-7:2003.
    public static readonly CodeElement Greek = SingleByte("ISO-IR 126", 28597,
        (0xA1, '\u2018'), (0xA2, '\u2019'), (0xA4, '\u20AC'), (0xA5, '\u20AF'), (0xAA, '\u037A'));

    // Windows' 28598 maps 0xAF to OVERLINE and leaves the bidi marks out; the ISO 8859-8 table has MACRON, LRM, RLM.
    public static readonly CodeElement Hebrew = SingleByte("ISO-IR 138", 28598, (0xAF, '\u00AF'), (0xFD, '\u200E'), (0xFE, '\u200F'));

    public static readonly CodeElement Latin5 = SingleByte("ISO-IR 148", 28599);
    public static readonly CodeElement Latin9 = SingleByte("ISO-IR 203", 28605);

    // TIS 620 has no ISO code page in Windows; 874 agrees with it on 0xA1–0xFB (its extras sit in 0x80–0x9F, which
    // are C1 controls here and never reach the table).
    public static readonly CodeElement Thai = SingleByte("ISO-IR 166", 874);

    // ---- 94×94 double-byte sets ----

    /// <summary>ISO-IR 87, JIS X 0208, through EUC-JP (code page 20932: both bytes with bit 8 set).</summary>
    public static readonly CodeElement JisX0208 = new("ISO-IR 87", 2, () => BuildDoubleByte(20932, 0x80, 0x80));

    /// <summary>
    /// ISO-IR 159, JIS X 0212. Windows' EUC-JP code pages (20932 and 51932) do not decode the standard three-byte
    /// form (0x8F prefix), but 20932 carries JIS X 0212 as a two-byte form with bit 8 set on the first byte only.
    /// Two positions it leaves out are filled from the Unicode JIS0212 mapping table.
    /// </summary>
    public static readonly CodeElement JisX0212 = new("ISO-IR 159", 2, () => BuildDoubleByte(20932, 0x80, 0x00,
        (0x2237, '\u007E'), (0x2271, '\u2116')));

    /// <summary>ISO-IR 149, KS X 1001 (EUC-KR). Code page 949: 51949 maps 0xB4D3 to the wrong syllable.</summary>
    public static readonly CodeElement KsX1001 = new("ISO-IR 149", 2, () => BuildDoubleByte(949, 0x80, 0x80));

    /// <summary>ISO-IR 58, GB 2312 (EUC-CN), code page 20936, plus DOUBLE VERTICAL LINE that it leaves out.</summary>
    public static readonly CodeElement Gb2312 = new("ISO-IR 58", 2, () => BuildDoubleByte(20936, 0x80, 0x80, (0x212C, '\u2016')));

    private static Encoding? GetCodePage(int codePage) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));

    private static char[] BuildSingleByte(Func<int, char> map)
    {
        var table = new char[128];
        for (var position = 0; position < 128; position++) table[position] = map(position);
        return table;
    }

    private static CodeElement SingleByte(string registration, int codePage, params (int Byte, char Char)[] fixes) =>
        new(registration, 1, () =>
        {
            var table = new char[128];
            var encoding = GetCodePage(codePage);
            Span<char> chars = stackalloc char[4];
            for (var position = 0; position < 128; position++)
            {
                var b = (byte)(position | 0x80);
                var count = encoding?.GetChars([b], chars) ?? 0;
                table[position] = count == 1 && !IsPrivateUse(chars[0]) ? chars[0] : Replacement;
            }

            foreach (var (b, c) in fixes) table[b & 0x7F] = c;
            return table;
        });

    private static char[] BuildDoubleByte(int codePage, byte firstHighBit, byte secondHighBit, params (int Position, char Char)[] fixes)
    {
        var table = new char[94 * 94];
        var encoding = GetCodePage(codePage);
        Span<byte> bytes = stackalloc byte[2];
        Span<char> chars = stackalloc char[4];
        for (var row = 0; row < 94; row++)
        {
            for (var cell = 0; cell < 94; cell++)
            {
                bytes[0] = (byte)((row + 0x21) | firstHighBit);
                bytes[1] = (byte)((cell + 0x21) | secondHighBit);
                var count = encoding?.GetChars(bytes, chars) ?? 0;
                table[row * 94 + cell] = count == 1 && !IsPrivateUse(chars[0]) ? chars[0] : Replacement;
            }
        }

        foreach (var (position, c) in fixes) table[((position >> 8) - 0x21) * 94 + (position & 0xFF) - 0x21] = c;
        return table;
    }

    // Code pages give private-use code points to positions the standard leaves empty (and to user-defined rows);
    // they carry no meaning across systems, so they decode as U+FFFD like any other undefined position.
    private static bool IsPrivateUse(char c) => c is >= '\uE000' and <= '\uF8FF';

    public override string ToString() => Registration;
}
