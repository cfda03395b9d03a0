using System.Buffers.Binary;
using System.Text;

namespace Serverless.Dicom.Tests.Text;

/// <summary>One element of a sample file as stored: the VR letters (or "??" in implicit VR) and the raw value bytes.</summary>
internal sealed record CharsetSampleElement(uint Tag, string Vr, byte[] Value, IReadOnlyList<IReadOnlyDictionary<uint, CharsetSampleElement>> Items);

/// <summary>
/// Reads the charset samples in ../shared/dicom-samples/charset just far enough to get the raw value bytes of their
/// text elements, so the character-set layer can be tested on real bytes without depending on the dataset reader.
/// Little endian only (explicit or implicit VR); stops at Pixel Data. Not a parser for anything else.
/// </summary>
internal static class CharsetSampleFiles
{
    public static string SamplesRoot => Serverless.Testing.SharedSamples.Root;

    public static IEnumerable<string> FilesWithReference() =>
        Directory.EnumerateFiles(Path.Combine(SamplesRoot, "charset"))
            .Select(Path.GetFileName)
            .Where(name => File.Exists(ReferencePath(name!)))
            .Order(StringComparer.Ordinal)!;

    public static string ReferencePath(string fileName) => Path.Combine(SamplesRoot, "reference", "charset", fileName + ".json");

    public static IReadOnlyDictionary<uint, CharsetSampleElement> ReadDataset(string fileName)
    {
        var bytes = File.ReadAllBytes(Path.Combine(SamplesRoot, "charset", fileName));
        var position = 0;
        var explicitVr = true;
        if (bytes.Length > 132 && Encoding.ASCII.GetString(bytes, 128, 4) == "DICM")
        {
            position = 132;
            var meta = ReadElements(bytes, ref position, bytes.Length, explicitVr: true, stopAtGroupChange: true);
            if (meta.TryGetValue(0x00020010, out var ts)) explicitVr = Encoding.ASCII.GetString(ts.Value).TrimEnd('\0', ' ') != "1.2.840.10008.1.2";
        }
        else if (bytes.Length > 6 && !(char.IsAsciiLetterUpper((char)bytes[4]) && char.IsAsciiLetterUpper((char)bytes[5])))
        {
            explicitVr = false;
        }

        return ReadElements(bytes, ref position, bytes.Length, explicitVr, stopAtGroupChange: false);
    }

    private static Dictionary<uint, CharsetSampleElement> ReadElements(byte[] bytes, ref int position, int end, bool explicitVr, bool stopAtGroupChange)
    {
        var elements = new Dictionary<uint, CharsetSampleElement>();
        while (position + 8 <= end)
        {
            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position));
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position + 2));
            var tag = (uint)group << 16 | element;
            if (stopAtGroupChange && group != 0x0002) break;
            if (tag == 0xFFFEE00D) { position += 8; break; } // item delimitation
            if (tag == 0x7FE00010) break;

            string vr;
            uint length;
            if (explicitVr || group == 0x0002)
            {
                vr = Encoding.ASCII.GetString(bytes, position + 4, 2);
                if (vr is "OB" or "OW" or "OF" or "OD" or "OL" or "OV" or "SQ" or "UT" or "UN" or "UC" or "UR" or "SV" or "UV")
                {
                    length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 8));
                    position += 12;
                }
                else
                {
                    length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position + 6));
                    position += 8;
                }
            }
            else
            {
                vr = "??";
                length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4));
                position += 8;
            }

            if (vr == "SQ" || length == 0xFFFFFFFF)
            {
                var items = ReadItems(bytes, ref position, length == 0xFFFFFFFF ? end : position + (int)length, explicitVr);
                elements[tag] = new CharsetSampleElement(tag, "SQ", [], items);
                continue;
            }

            elements[tag] = new CharsetSampleElement(tag, vr, bytes.AsSpan(position, (int)length).ToArray(), []);
            position += (int)length;
        }

        return elements;
    }

    private static List<IReadOnlyDictionary<uint, CharsetSampleElement>> ReadItems(byte[] bytes, ref int position, int end, bool explicitVr)
    {
        var items = new List<IReadOnlyDictionary<uint, CharsetSampleElement>>();
        while (position + 8 <= end)
        {
            var tag = (uint)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position)) << 16
                | BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position + 2));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4));
            position += 8;
            if (tag == 0xFFFEE0DD) break; // sequence delimitation
            if (tag != 0xFFFEE000) throw new InvalidDataException($"item expected at {position - 8}");
            var itemEnd = length == 0xFFFFFFFF ? end : position + (int)length;
            items.Add(ReadElements(bytes, ref position, itemEnd, explicitVr, stopAtGroupChange: false));
        }

        return items;
    }
}
