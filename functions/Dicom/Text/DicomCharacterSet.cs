using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace Serverless.Dicom;

/// <summary>
/// The character set named by Specific Character Set (0008,0005) (PS3.3 §C.12.1.1.2), able to decode the text values
/// of a dataset. Instances are immutable, thread-safe and shared: <see cref="FromTerms"/> returns the same instance for
/// the same term list.
/// </summary>
/// <remarks>
/// <para>Every defined term of PS3.3 Tables C.12-2 to C.12-5 is supported: the ISO 8859 parts, JIS X 0201, TIS 620,
/// UTF-8, GB18030 and GBK, and with ISO/IEC 2022 code extensions JIS X 0208, JIS X 0212, KS X 1001 and GB 2312, with
/// escape sequences anywhere inside a value (PS3.5 §6.1.2.5).</para>
/// <para>Decoding never throws. Bytes that do not decode become U+FFFD; bytes 0x80–0xFF met where no set is designated
/// (the default repertoire, or code extensions whose value 1 is empty) decode as ISO 8859-1, or as the first G1 set that
/// the term list declares (so raw EUC-KR under <c>\ISO 2022 IR 149</c> reads as Korean); unknown terms are recorded in
/// <see cref="UnknownTerms"/> and value 1, when unknown, is read as UTF-8 if the bytes are valid UTF-8, else as the default
/// repertoire.</para>
/// </remarks>
public sealed partial class DicomCharacterSet
{
    private const int MaxCachedTermLists = 256;

    // Term lists met in files are few (one per producing system); the cap only guards against hostile input.
    private static readonly ConcurrentDictionary<string, DicomCharacterSet> Cache = new(StringComparer.Ordinal);

    // Bytes that leave the ASCII fast path: ESC (a set switch), GR bytes, and, where JIS X 0201 Romaji is G0,
    // the two positions where it differs from ASCII.
    private static readonly SearchValues<byte> NotPlainAscii = SearchValues.Create([Iso2022Decoder.Escape, .. Range(0x80, 0xFF)]);
    private static readonly SearchValues<byte> NotPlainRomaji = SearchValues.Create([Iso2022Decoder.Escape, 0x5C, 0x7E, .. Range(0x80, 0xFF)]);
    private static readonly SearchValues<byte> NotAscii = SearchValues.Create([.. Range(0x80, 0xFF)]);

    private static readonly Lazy<Encoding> Gb18030Encoding = new(() => GetMultiByteEncoding(54936));
    private static readonly Lazy<Encoding> GbkEncoding = new(() => GetMultiByteEncoding(936));

    private readonly CharacterSetEncoding _encoding;
    private readonly CodeElement _initialG0;
    private readonly CodeElement _initialG1;
    private readonly SearchValues<byte> _notPlain; // bytes that keep a value off the ASCII fast path
    private readonly bool _tryUtf8;

    /// <summary>
    /// The default repertoire ISO-IR 6, used when Specific Character Set is absent or empty. Bytes 0x80–0xFF, which
    /// the default repertoire does not have, decode as ISO 8859-1 rather than failing (as pydicom does).
    /// </summary>
    public static DicomCharacterSet Default { get; } = new([], []);

    private DicomCharacterSet(string[] terms, string[] unknownTerms)
    {
        Terms = terms;
        UnknownTerms = unknownTerms;
        _encoding = CharacterSetEncoding.Iso2022;
        _initialG0 = CodeElement.Ascii;
        CodeElement? initialG1 = null;
        CodeElement? firstDeclaredG1 = null;

        for (var index = 0; index < terms.Length; index++)
        {
            if (terms[index].Length == 0) continue; // value 1 empty: ISO-IR 6 as G0, G1 undefined (PS3.5 §6.1.2.5.4 c)
            var term = CharacterSetTerms.Find(terms[index]);
            if (term is null)
            {
                _tryUtf8 |= index == 0;
                continue;
            }

            if (index == 0)
            {
                if (term.Encoding != CharacterSetEncoding.Iso2022)
                {
                    // UTF-8, GB18030 and GBK allow no code extensions (PS3.3 Table C.12-5); later values are ignored.
                    _encoding = term.Encoding;
                    break;
                }

                // Value 1 is normally a single-byte set for G0 and G1. A multi-byte set there is not valid, but
                // files carry it ("ISO 2022 IR 149" alone for EUC-KR); read it as the G1 set, like EUC does.
                if (term.G0 is { BytesPerCharacter: 1 }) _initialG0 = term.G0;
                initialG1 = term.G1 ?? (term.G0 is { BytesPerCharacter: 2 } ? term.G0 : null);
            }
            else if (term.Encoding == CharacterSetEncoding.Iso2022)
            {
                firstDeclaredG1 ??= term.G1;
            }
        }

        _initialG1 = initialG1 ?? firstDeclaredG1 ?? CodeElement.Latin1;
        _notPlain = _encoding != CharacterSetEncoding.Iso2022 ? NotAscii
            : _initialG0 == CodeElement.JisRomaji ? NotPlainRomaji
            : NotPlainAscii;
    }

    /// <summary>The values of (0008,0005) this set was made from, trimmed, in order (empty for <see cref="Default"/>).</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Terms that are not defined in PS3.3 §C.12.1.1.2 and could not be recognised; empty when all were.</summary>
    public IReadOnlyList<string> UnknownTerms { get; }

    /// <summary>
    /// The character set for the values of Specific Character Set (0008,0005), in order. Value 1 may be empty
    /// (the default repertoire as G0). Spaces and NULs around each term are ignored; case and separator typos of
    /// defined terms ("ISO-IR 100", "ISO_IR100") are repaired. Unknown terms are tolerated and listed in
    /// <see cref="UnknownTerms"/>. Never throws for any content.
    /// </summary>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var trimmed = new string[terms.Count];
        for (var i = 0; i < trimmed.Length; i++) trimmed[i] = (terms[i] ?? string.Empty).Trim(' ', '\0');

        // Trailing empty values carry nothing; no values, or one empty value, is the default repertoire.
        var count = trimmed.Length;
        while (count > 0 && trimmed[count - 1].Length == 0) count--;
        if (count == 0) return Default;
        if (count < trimmed.Length) trimmed = trimmed[..count];

        var key = string.Join('\\', trimmed);
        if (Cache.TryGetValue(key, out var cached)) return cached;

        var unknown = trimmed.Where(t => t.Length > 0 && CharacterSetTerms.Find(t) is null).ToArray();
        var created = new DicomCharacterSet(trimmed, unknown);
        return Cache.Count < MaxCachedTermLists ? Cache.GetOrAdd(key, created) : created;
    }

    /// <summary>The character set for the raw value bytes of Specific Character Set (0008,0005); see <see cref="FromTerms"/>.</summary>
    public static DicomCharacterSet FromSpecificCharacterSet(ReadOnlySpan<byte> value) =>
        value.IsEmpty ? Default : FromTerms(Default.DecodeValues(value, DicomVR.CS));

    /// <summary>The terms joined with '\', as in the encoded attribute; empty for <see cref="Default"/>.</summary>
    public override string ToString() => string.Join('\\', Terms);

    /// <summary>Decodes one value (already split and trimmed) with this set.</summary>
    private string DecodeText(ReadOnlySpan<byte> bytes, bool personName)
    {
        if (bytes.IsEmpty) return string.Empty;
        switch (_encoding)
        {
            case CharacterSetEncoding.Utf8:
                return Encoding.UTF8.GetString(bytes);
            case CharacterSetEncoding.Gb18030:
            case CharacterSetEncoding.Gbk:
                if (!bytes.ContainsAny(_notPlain)) return Encoding.Latin1.GetString(bytes);
                return (_encoding == CharacterSetEncoding.Gb18030 ? Gb18030Encoding : GbkEncoding).Value.GetString(bytes);
        }

        // The common case: ASCII only, nothing to switch; Latin1.GetString is a vectorised widening copy.
        if (!bytes.ContainsAny(_notPlain)) return Encoding.Latin1.GetString(bytes);
        if (_tryUtf8 && !bytes.Contains(Iso2022Decoder.Escape) && System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Encoding.UTF8.GetString(bytes);
        }

        char[]? rented = null;
        var buffer = bytes.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
        try
        {
            var written = Iso2022Decoder.Decode(bytes, buffer, _initialG0, _initialG1, personName);
            return new string(buffer[..written]);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Index of the first single-byte <paramref name="delimiter"/> ('\' or '=') in <paramref name="bytes"/>, or -1.</summary>
    private int IndexOfDelimiter(ReadOnlySpan<byte> bytes, byte delimiter) => _encoding switch
    {
        CharacterSetEncoding.Iso2022 => Iso2022Decoder.IndexOfDelimiter(bytes, delimiter, _initialG0, _initialG1),
        CharacterSetEncoding.Gb18030 or CharacterSetEncoding.Gbk => IndexOfGbDelimiter(bytes, delimiter),
        _ => bytes.IndexOf(delimiter), // UTF-8 never uses bytes below 0x80 inside a multi-byte character
    };

    /// <summary>
    /// GB18030 and GBK trail bytes range over 0x40–0x7E, so a 0x5C byte may be half of a character; only a
    /// single-byte 0x5C is a delimiter (PS3.5 §6.1.2.3). Walks character by character once a lead byte appears.
    /// </summary>
    private static int IndexOfGbDelimiter(ReadOnlySpan<byte> bytes, byte delimiter)
    {
        var firstLead = bytes.IndexOfAnyInRange((byte)0x81, (byte)0xFE);
        var plain = bytes.IndexOf(delimiter);
        if (firstLead < 0 || (uint)plain < (uint)firstLead) return plain;

        var i = firstLead;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                if (b == delimiter) return i;
                i++;
            }
            else if (b is >= 0x81 and <= 0xFE && i + 1 < bytes.Length)
            {
                var second = bytes[i + 1];
                if (second is >= 0x30 and <= 0x39 && i + 3 < bytes.Length
                    && bytes[i + 2] is >= 0x81 and <= 0xFE && bytes[i + 3] is >= 0x30 and <= 0x39)
                {
                    i += 4; // GB18030 four-byte character
                }
                else
                {
                    i += second is >= 0x40 and <= 0xFE and not 0x7F ? 2 : 1;
                }
            }
            else
            {
                i++;
            }
        }

        return -1;
    }

    private static Encoding GetMultiByteEncoding(int codePage) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"))
        ?? Encoding.Latin1;

    private static IEnumerable<byte> Range(int first, int last)
    {
        for (var b = first; b <= last; b++) yield return (byte)b;
    }
}
