using System.Buffers.Binary;
using System.Collections;

namespace Serverless.Dicom;

/// <summary>A dataset (or a sequence item): elements in ascending tag order, values decoded on demand
/// (like <c>JsonDocument</c> over the reader's tokens).</summary>
/// <remarks>Immutable after reading; safe to read from several threads (lazy caches are idempotent).
/// When the data held a tag twice (PS3.5 §7.1 forbids it), the first occurrence is kept.</remarks>
public sealed partial class DicomDataset : IEnumerable<DicomElement>
{
    private readonly DicomElementEntry[] _entries;
    private readonly DicomValueStore _store;
    private DicomDataset? _parent;
    private DicomCharacterSet? _characterSet;
    private DicomElement?[]? _elements;

    internal DicomDataset(DicomElementEntry[] entries, DicomValueStore store)
    {
        _entries = entries;
        _store = store;
    }

    internal static DicomDataset Empty(DicomValueStore store) => new([], store);

    public int Count => _entries.Length;

    /// <summary>For a sequence item, the dataset holding the sequence; null at the top level.</summary>
    public DicomDataset? Parent => _parent;

    /// <summary>How text values are decoded: this dataset's own Specific Character Set (0008,0005) when present,
    /// else the parent's (PS3.5 §6.1.2.5: a Specific Character Set in a sequence item applies to that item), else
    /// the default repertoire.</summary>
    public DicomCharacterSet CharacterSet => _characterSet ??= ResolveCharacterSet();

    public bool Contains(DicomTag tag) => IndexOf(tag.Value) >= 0;

    public bool TryGetElement(DicomTag tag, out DicomElement element)
    {
        int index = IndexOf(tag.Value);
        element = index >= 0 ? GetElement(index) : null!;
        return index >= 0;
    }

    /// <summary>The sequence items of <paramref name="tag"/>; empty when absent or not a sequence.</summary>
    public IReadOnlyList<DicomDataset> GetSequence(DicomTag tag)
    {
        int index = IndexOf(tag.Value);
        return index >= 0 && _entries[index].Children is DicomDataset[] items ? items : [];
    }

    public IEnumerator<DicomElement> GetEnumerator()
    {
        for (int i = 0; i < _entries.Length; i++) yield return GetElement(i);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal ref readonly DicomElementEntry Entry(int index) => ref _entries[index];

    internal DicomElement GetElement(int index)
    {
        DicomElement?[] elements = _elements ??= new DicomElement?[_entries.Length];
        return elements[index] ??= new DicomElement(this, index);
    }

    internal int IndexOf(uint tag)
    {
        DicomElementEntry[] entries = _entries;
        int lo = 0, hi = entries.Length - 1;
        while (lo <= hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            uint t = entries[mid].Tag;
            if (t == tag) return mid;
            if (t < tag) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    /// <summary>The value bytes, or empty when not available (bulk data read from a stream).</summary>
    internal ReadOnlySpan<byte> ValueSpan(int index)
    {
        ref readonly DicomElementEntry e = ref _entries[index];
        return e.DataIndex < 0 ? default : _store.Bytes.Span.Slice(e.DataIndex, (int)e.ValueLength);
    }

    internal ReadOnlyMemory<byte> ValueMemory(int index)
    {
        ref readonly DicomElementEntry e = ref _entries[index];
        return e.DataIndex < 0 ? default : _store.Bytes.Slice(e.DataIndex, (int)e.ValueLength);
    }

    internal bool IsValueAvailable(int index) => _entries[index].DataIndex >= 0;

    /// <summary>The VR, with a dictionary ambiguity ("US or SS") resolved as PS3.5 and PS3.3 direct.</summary>
    internal DicomVR GetVR(int index)
    {
        ref readonly DicomElementEntry e = ref _entries[index];
        if (e.Ambiguity is not (DicomVRAmbiguity.UsOrSs or DicomVRAmbiguity.UsOrSsOrOw) || e.VR != DicomVR.US) return e.VR;
        // LUT Descriptors: the first and third values are always unsigned (PS3.3 §C.11.1.1.1, §C.7.6.3.1.5).
        if (e.Tag is 0x00281101 or 0x00281102 or 0x00281103 or 0x00281111 or 0x00281112 or 0x00281113 or 0x00283002 or 0x00281100)
            return DicomVR.US;
        // Otherwise signed when Pixel Representation (0028,0103) is 1, looked up in this item and then its parents.
        for (DicomDataset? ds = this; ds != null; ds = ds._parent)
        {
            int pr = ds.IndexOf(0x00280103);
            if (pr < 0) continue;
            ReadOnlySpan<byte> v = ds.ValueSpan(pr);
            if (v.Length < 2) break;
            ushort value = ds._entries[pr].Has(DicomElementFlags.BigEndian) ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v);
            return value == 1 ? DicomVR.SS : DicomVR.US;
        }
        return DicomVR.US;
    }

    internal void SetParent(DicomDataset parent) => _parent = parent;

    private DicomCharacterSet ResolveCharacterSet()
    {
        int index = IndexOf(0x00080005);
        if (index >= 0 && IsValueAvailable(index)) return DicomCharacterSet.FromSpecificCharacterSet(ValueSpan(index));
        return _parent?.CharacterSet ?? DicomCharacterSet.Default;
    }
}
