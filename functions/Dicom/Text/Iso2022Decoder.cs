namespace Serverless.Dicom;

/// <summary>
/// Decodes ISO/IEC 2022 8-bit code as DICOM uses it (PS3.5 §6.1.2.5): G0 is invoked in GL (0x21–0x7E), G1 in GR
/// (0xA0–0xFF), and escape sequences re-designate G0 or G1 inside a value.
/// </summary>
/// <remarks>
/// <para>The state returns to the initial designation (value 1 of Specific Character Set) at the start of every value,
/// at every control character other than ESC (CR, LF, FF, TAB…), and in PN at every '^' and '=' met in single-byte
/// G0 state. PS3.5 §6.1.2.5.3 requires writers to switch back before those characters; a reader that resets there
/// decodes conforming data the same way and recovers from a writer that did not switch back, and the Korean and
/// Chinese examples of PS3.5 Annexes I and K rely on it (each line and name component re-designates G1).</para>
/// <para>Every escape sequence of PS3.3 Tables C.12-3 and C.12-4 is understood wherever it occurs, whether or not
/// its term was declared: an undeclared but well-formed designation is more likely right than any guess. A few
/// neighbours from ISO-2022-JP practice are understood too (ESC $ @, ESC ( I). Unknown or broken sequences decode
/// as one U+FFFD. Nothing here throws.</para>
/// </remarks>
internal static class Iso2022Decoder
{
    public const byte Escape = 0x1B;

    /// <summary>
    /// Reads the escape sequence at <paramref name="bytes"/>[0] (which is ESC) and applies a known designation to
    /// <paramref name="g0"/> or <paramref name="g1"/>. Returns the number of bytes it spans (at least 1);
    /// <paramref name="known"/> tells whether it was a designation this decoder understands.
    /// </summary>
    public static int ReadEscape(ReadOnlySpan<byte> bytes, ref CodeElement g0, ref CodeElement g1, out bool known)
    {
        // ISO 2022 syntax: ESC, intermediate bytes 02/00–02/15, one final byte 03/00–07/14.
        var i = 1;
        while (i < bytes.Length && bytes[i] is >= 0x20 and <= 0x2F) i++;
        if (i >= bytes.Length || bytes[i] is < 0x30 or > 0x7E)
        {
            known = false;
            return 1;
        }

        var intermediates = bytes[1..i];
        var final = (char)bytes[i];
        CodeElement? set = null;
        var toG1 = false;
        if (intermediates.Length == 1)
        {
            switch ((char)intermediates[0])
            {
                case '(': // G0-DESIGNATE 94-SET
                    set = final switch { 'B' => CodeElement.Ascii, 'J' => CodeElement.JisRomaji, 'I' => CodeElement.JisKatakana, _ => null };
                    break;
                case ')': // G1-DESIGNATE 94-SET
                    toG1 = true;
                    set = final == 'I' ? CodeElement.JisKatakana : null;
                    break;
                case '-': // G1-DESIGNATE 96-SET
                    toG1 = true;
                    set = final switch
                    {
                        'A' => CodeElement.Latin1, 'B' => CodeElement.Latin2, 'C' => CodeElement.Latin3, 'D' => CodeElement.Latin4,
                        'L' => CodeElement.Cyrillic, 'G' => CodeElement.Arabic, 'F' => CodeElement.Greek, 'H' => CodeElement.Hebrew,
                        'M' => CodeElement.Latin5, 'b' => CodeElement.Latin9, 'T' => CodeElement.Thai, _ => null,
                    };
                    break;
                case '$': // G0-DESIGNATE MULTIBYTE 94-SET, short form for final bytes 04/00–04/02 (PS3.5 Annex H)
                    set = MultiByte(final);
                    break;
            }
        }
        else if (intermediates.Length == 2 && intermediates[0] == '$')
        {
            if (intermediates[1] == '(') set = MultiByte(final);
            else if (intermediates[1] == ')') (set, toG1) = (MultiByte(final), true);
        }

        known = set is not null;
        if (set is not null)
        {
            if (toG1) g1 = set;
            else g0 = set;
        }

        return i + 1;
    }

    private static CodeElement? MultiByte(char final) => final switch
    {
        'B' or '@' => CodeElement.JisX0208, // '@' is JIS C 6226-1978, decoded with its successor
        'D' => CodeElement.JisX0212,
        'C' => CodeElement.KsX1001,
        'A' => CodeElement.Gb2312,
        _ => null,
    };

    /// <summary>
    /// Decodes <paramref name="bytes"/> starting in the initial state. <paramref name="destination"/> must hold at
    /// least <paramref name="bytes"/>.Length characters (every byte yields at most one). Returns the count written.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> bytes, Span<char> destination, CodeElement initialG0, CodeElement initialG1, bool personName)
    {
        var (g0, g1) = (initialG0, initialG1);
        var written = 0;
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == Escape)
            {
                i += ReadEscape(bytes[i..], ref g0, ref g1, out var known);
                if (!known) destination[written++] = CodeElement.Replacement;
                continue;
            }

            if (b < 0x20 || b == 0x7F)
            {
                // Control characters end whatever the writer switched to (PS3.5 §6.1.2.5.3).
                (g0, g1) = (initialG0, initialG1);
                destination[written++] = (char)b;
                i++;
                continue;
            }

            if (b == 0x20)
            {
                destination[written++] = ' ';
                i++;
                continue;
            }

            if (b < 0x80)
            {
                if (g0.BytesPerCharacter == 2)
                {
                    if (i + 1 < bytes.Length && bytes[i + 1] is >= 0x21 and <= 0x7E)
                    {
                        destination[written++] = g0.Decode(b, bytes[i + 1]);
                        i += 2;
                    }
                    else
                    {
                        destination[written++] = CodeElement.Replacement;
                        i++;
                    }

                    continue;
                }

                if (personName && b is (byte)'^' or (byte)'=') (g0, g1) = (initialG0, initialG1);
                destination[written++] = g0.Decode(b);
                i++;
                continue;
            }

            if (b < 0xA0)
            {
                destination[written++] = (char)b; // C1 control
                i++;
                continue;
            }

            if (g1.BytesPerCharacter == 2)
            {
                if (b is >= 0xA1 and <= 0xFE && i + 1 < bytes.Length && bytes[i + 1] is >= 0xA1 and <= 0xFE)
                {
                    destination[written++] = g1.Decode(b, bytes[i + 1]);
                    i += 2;
                }
                else
                {
                    destination[written++] = CodeElement.Replacement;
                    i++;
                }

                continue;
            }

            destination[written++] = g1.Decode(b);
            i++;
        }

        return written;
    }

    /// <summary>
    /// Index of the first <paramref name="delimiter"/> that is a character of its own, or -1. A byte of the same
    /// value inside a double-byte G0 character (JIS X 0208/0212 use 0x21–0x7E for both bytes) is not a delimiter
    /// (PS3.5 §6.1.2.3: only the character that encodes as a single byte 05/12 is a delimiter).
    /// </summary>
    public static int IndexOfDelimiter(ReadOnlySpan<byte> bytes, byte delimiter, CodeElement initialG0, CodeElement initialG1)
    {
        var escape = bytes.IndexOf(Escape);
        var plain = bytes.IndexOf(delimiter);
        if (escape < 0 || (uint)plain < (uint)escape) return plain; // no set switch before it

        var (g0, g1) = (initialG0, initialG1);
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == Escape)
            {
                i += ReadEscape(bytes[i..], ref g0, ref g1, out _);
                continue;
            }

            if (b < 0x20)
            {
                (g0, g1) = (initialG0, initialG1);
                i++;
                continue;
            }

            if (g0.BytesPerCharacter == 2 && b is >= 0x21 and <= 0x7E)
            {
                i += i + 1 < bytes.Length && bytes[i + 1] is >= 0x21 and <= 0x7E ? 2 : 1;
                continue;
            }

            if (b == delimiter) return i;
            i++;
        }

        return -1;
    }
}
