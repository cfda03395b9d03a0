using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Serverless.Dicom;

/// <summary>Writes the DICOM JSON model (PS3.18 Annex F).</summary>
/// <remarks>
/// <para>Each element is <c>{"vr": ..., "Value": [...]}</c>, or <c>"InlineBinary"</c>/<c>"BulkDataURI"</c> for binary
/// and bulk values (PS3.18 §F.2.2). An empty element has only "vr"; an empty value inside a multi-valued element is
/// null (PS3.18 §F.2.5). Sequences hold item objects; an empty item is <c>{}</c>. PN values are objects with
/// Alphabetic/Ideographic/Phonetic (§F.2.2). AT values are 8 hex digits (§F.2.3).</para>
/// <para>IS and DS are JSON numbers (§F.2.3). A value that is a valid JSON number is written with its original
/// digits; other valid DICOM numbers ("+5", "007", ".5") are written normalised. A value that is not a number at
/// all (e.g. IS "1A") cannot be a JSON number: it is written as a JSON string with its text, so nothing is lost and
/// the output stays valid JSON. FL/FD values that are NaN or infinite are written as the strings "NaN",
/// "Infinity", "-Infinity" for the same reason.</para>
/// <para>Binary values (OB, OD, OF, OL, OV, OW, UN) up to <see cref="DicomJsonWriterOptions.InlineBinaryThreshold"/>
/// bytes are InlineBinary (base64, little endian byte order: values read from big endian data are swapped);
/// longer ones, bulk data and values that were not loaded get a BulkDataURI from
/// <see cref="DicomJsonWriterOptions.BulkDataUriFactory"/>, or only "vr" when no factory is set.</para>
/// </remarks>
public static partial class DicomJsonWriter
{
    private static readonly DicomJsonWriterOptions s_defaultOptions = new();

    /// <summary>Writes one dataset as a JSON object. When <paramref name="include"/> is set, only top-level elements it accepts are written.</summary>
    public static void WriteDataset(Utf8JsonWriter writer, DicomDataset dataset, DicomJsonWriterOptions? options = null, Func<DicomTag, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        var context = new Context(options ?? s_defaultOptions);
        WriteObject(writer, dataset, context, include);
    }

    /// <summary>The dataset as UTF-8 JSON bytes. Non-ASCII text is written as UTF-8, not \u escapes
    /// (<see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>): the output is an API payload, not for embedding in HTML.</summary>
    public static byte[] SerializeToUtf8Bytes(DicomDataset dataset, DicomJsonWriterOptions? options = null, Func<DicomTag, bool>? include = null)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteDataset(writer, dataset, options, include);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteObject(Utf8JsonWriter writer, DicomDataset dataset, Context context, Func<DicomTag, bool>? include)
    {
        writer.WriteStartObject();
        Span<byte> key = stackalloc byte[8];
        for (int i = 0; i < dataset.Count; i++)
        {
            ref readonly DicomElementEntry entry = ref dataset.Entry(i);
            if (include != null && !include(new DicomTag(entry.Tag))) continue;
            WriteHex8(key, entry.Tag);
            writer.WritePropertyName(key);
            context.Push(entry.Tag);
            WriteElement(writer, dataset, i, context);
            context.Pop();
        }
        writer.WriteEndObject();
    }

    private static void WriteElement(Utf8JsonWriter writer, DicomDataset dataset, int index, Context context)
    {
        ref readonly DicomElementEntry entry = ref dataset.Entry(index);
        DicomVR vr = dataset.GetVR(index);
        writer.WriteStartObject();
        Span<byte> vrText = [(byte)((ushort)vr >> 8), (byte)vr];
        writer.WriteString("vr"u8, vrText);

        if (entry.Children is DicomDataset[] items)
        {
            if (items.Length > 0)
            {
                writer.WriteStartArray("Value"u8);
                for (int i = 0; i < items.Length; i++)
                {
                    context.PushItem(i);
                    WriteObject(writer, items[i], context, include: null);
                    context.Pop();
                }
                writer.WriteEndArray();
            }
        }
        else if (entry.Has(DicomElementFlags.Encapsulated) || !dataset.IsValueAvailable(index)
                 || (vr.IsBinary() && entry.ValueLength > context.Options.InlineBinaryThreshold) || entry.Has(DicomElementFlags.Bulk) && vr.IsBinary())
        {
            if (entry.ValueLength > 0 || entry.Has(DicomElementFlags.Encapsulated)) WriteBulkDataUri(writer, dataset, index, context);
        }
        else if (entry.ValueLength > 0)
        {
            WriteValue(writer, dataset, index, vr, entry.Has(DicomElementFlags.BigEndian));
        }
        writer.WriteEndObject();
    }

    private static void WriteBulkDataUri(Utf8JsonWriter writer, DicomDataset dataset, int index, Context context)
    {
        if (context.Options.BulkDataUriFactory is not { } factory) return;
        writer.WriteString("BulkDataURI"u8, factory(context.Path(), dataset.GetElement(index)));
    }

    internal static void WriteHex8(Span<byte> destination, uint value)
    {
        for (int i = 7; i >= 0; i--)
        {
            uint digit = value & 0xF;
            destination[i] = (byte)(digit < 10 ? '0' + digit : 'A' + digit - 10);
            value >>= 4;
        }
    }

    /// <summary>Per-call state: options and the tag path for BulkDataURIs ("00081140/0/00081150").</summary>
    private sealed class Context(DicomJsonWriterOptions options)
    {
        private readonly List<long> _path = [];

        public DicomJsonWriterOptions Options { get; } = options;

        public void Push(uint tag) => _path.Add(tag);

        public void PushItem(int index) => _path.Add(-1 - (long)index);

        public void Pop() => _path.RemoveAt(_path.Count - 1);

        public string Path()
        {
            var sb = new StringBuilder(_path.Count * 9);
            foreach (long part in _path)
            {
                if (sb.Length > 0) sb.Append('/');
                if (part >= 0) sb.Append(((uint)part).ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(-1 - part);
            }
            return sb.ToString();
        }
    }
}
