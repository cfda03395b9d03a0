using System.Collections.Frozen;

namespace Serverless.Dicom;

/// <summary>How the bytes of a value are structured.</summary>
internal enum CharacterSetEncoding
{
    /// <summary>ISO/IEC 2022 8-bit code: G0 in 0x21–0x7E, G1 in 0xA0–0xFF, escape sequences switch sets (PS3.5 §6.1.2.5).</summary>
    Iso2022,
    /// <summary>ISO_IR 192: UTF-8, no code extensions.</summary>
    Utf8,
    /// <summary>GB18030: one, two or four bytes per character, no code extensions.</summary>
    Gb18030,
    /// <summary>GBK: one or two bytes per character, no code extensions.</summary>
    Gbk,
}

/// <summary>What one term of Specific Character Set (0008,0005) stands for.</summary>
/// <param name="Term">The defined term (PS3.3 §C.12.1.1.2).</param>
/// <param name="Encoding">The byte structure.</param>
/// <param name="G0">The set designated to G0, when the term designates one (ISO 646, JIS X 0201 Romaji, JIS X 0208/0212).</param>
/// <param name="G1">The set designated to G1, when the term designates one (ISO 8859 parts, katakana, TIS 620, KS X 1001, GB 2312).</param>
internal sealed record CharacterSetTerm(string Term, CharacterSetEncoding Encoding, CodeElement? G0, CodeElement? G1);

/// <summary>The defined terms of PS3.3 Tables C.12-2 to C.12-5 and the usual misspellings of them.</summary>
internal static class CharacterSetTerms
{
    private static readonly CharacterSetTerm[] Defined =
    [
        // Table C.12-2: single-byte, without code extensions; Table C.12-3: the same sets with code extensions.
        .. SingleByte("6", null),
        .. SingleByte("100", CodeElement.Latin1),
        .. SingleByte("101", CodeElement.Latin2),
        .. SingleByte("109", CodeElement.Latin3),
        .. SingleByte("110", CodeElement.Latin4),
        .. SingleByte("144", CodeElement.Cyrillic),
        .. SingleByte("127", CodeElement.Arabic),
        .. SingleByte("126", CodeElement.Greek),
        .. SingleByte("138", CodeElement.Hebrew),
        .. SingleByte("148", CodeElement.Latin5),
        .. SingleByte("203", CodeElement.Latin9),
        .. SingleByte("166", CodeElement.Thai),
        new("ISO_IR 13", CharacterSetEncoding.Iso2022, CodeElement.JisRomaji, CodeElement.JisKatakana),
        new("ISO 2022 IR 13", CharacterSetEncoding.Iso2022, CodeElement.JisRomaji, CodeElement.JisKatakana),
        // Table C.12-4: multi-byte, with code extensions.
        new("ISO 2022 IR 87", CharacterSetEncoding.Iso2022, CodeElement.JisX0208, null),
        new("ISO 2022 IR 159", CharacterSetEncoding.Iso2022, CodeElement.JisX0212, null),
        new("ISO 2022 IR 149", CharacterSetEncoding.Iso2022, null, CodeElement.KsX1001),
        new("ISO 2022 IR 58", CharacterSetEncoding.Iso2022, null, CodeElement.Gb2312),
        // Table C.12-5: multi-byte, without code extensions.
        new("ISO_IR 192", CharacterSetEncoding.Utf8, null, null),
        new("GB18030", CharacterSetEncoding.Gb18030, null, null),
        new("GBK", CharacterSetEncoding.Gbk, null, null),
    ];

    private static readonly FrozenDictionary<string, CharacterSetTerm> ByTerm =
        Defined.ToFrozenDictionary(t => t.Term, StringComparer.Ordinal);

    // Spellings met in real files that mean a defined term beyond doubt. Matched after removing ' ', '_' and '-'.
    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        ["UTF8"] = "ISO_IR 192",
        ["ISOIR192"] = "ISO_IR 192",
        ["GB2312"] = "ISO 2022 IR 58",
        ["ISO2022GBK"] = "GBK",
        ["ISO88591"] = "ISO_IR 100",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static IEnumerable<CharacterSetTerm> SingleByte(string registration, CodeElement? g1)
    {
        yield return new($"ISO_IR {registration}", CharacterSetEncoding.Iso2022, CodeElement.Ascii, g1);
        yield return new($"ISO 2022 IR {registration}", CharacterSetEncoding.Iso2022, CodeElement.Ascii, g1);
    }

    /// <summary>
    /// Finds the definition of a term (already trimmed). Besides the defined terms it accepts differences of case,
    /// of the separators (e.g. "ISO-IR 100", "ISO_IR100", "ISO IR 100", "ISO2022 IR 87") and the other prefix where
    /// only one form is defined (e.g. "ISO_IR 87"); those are repairs of obvious typing errors, as pydicom, DCMTK and
    /// dcm4che also make them. Returns null for anything else.
    /// </summary>
    public static CharacterSetTerm? Find(string term)
    {
        if (ByTerm.TryGetValue(term, out var exact)) return exact;
        if (term.Length > 32) return null;

        Span<char> compact = stackalloc char[term.Length];
        var length = 0;
        foreach (var c in term)
        {
            if (c is ' ' or '_' or '-') continue;
            compact[length++] = char.ToUpperInvariant(c);
        }

        var key = new string(compact[..length]);
        if (Aliases.TryGetValue(key, out var alias)) return ByTerm[alias];

        string? number = null;
        var preferExtension = false;
        if (key.StartsWith("ISO2022IR", StringComparison.Ordinal)) (number, preferExtension) = (key[9..], true);
        else if (key.StartsWith("ISO2022", StringComparison.Ordinal)) (number, preferExtension) = (key[7..], true);
        else if (key.StartsWith("ISOIR", StringComparison.Ordinal)) number = key[5..];
        if (string.IsNullOrEmpty(number) || !number.All(char.IsAsciiDigit)) return null;

        var withExtension = $"ISO 2022 IR {number}";
        var withoutExtension = $"ISO_IR {number}";
        var (first, second) = preferExtension ? (withExtension, withoutExtension) : (withoutExtension, withExtension);
        return ByTerm.GetValueOrDefault(first) ?? ByTerm.GetValueOrDefault(second);
    }
}
