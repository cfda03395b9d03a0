namespace Serverless.Dicom;

/// <summary>Builds the <see cref="DicomDataset"/> tree from a <see cref="DicomReader"/>'s tokens, iteratively
/// (no recursion, so nesting depth costs no stack).</summary>
internal sealed class DicomDatasetBuilder
{
    private readonly DicomValueStore _store;
    private readonly bool _copyValues;
    private readonly List<Level> _levels = [new Level()];
    private readonly Level _meta = new();
    private int _depth;
    private byte[] _arena = [];
    private int _arenaLength;

    /// <param name="store">Where values live.</param>
    /// <param name="copyValues">True when the reader's buffers are reused (stream reading): loaded values are
    /// copied into one growing arena. False when the input stays in memory: entries point into it.</param>
    public DicomDatasetBuilder(DicomValueStore store, bool copyValues)
    {
        _store = store;
        _copyValues = copyValues;
    }

    public void Add(ref DicomReader reader)
    {
        switch (reader.TokenType)
        {
            case DicomTokenType.Element:
                AddElement(ref reader, reader.IsFileMeta ? _meta : _levels[_depth]);
                break;
            case DicomTokenType.StartSequence:
            {
                Level level = _levels[_depth];
                level.OpenIndex = level.Add(NewEntry(ref reader, DicomElementFlags.Sequence));
                level.Items.Clear();
                break;
            }
            case DicomTokenType.StartItem:
                _depth++;
                if (_depth == _levels.Count) _levels.Add(new Level());
                _levels[_depth].Reset();
                break;
            case DicomTokenType.EndItem:
            {
                DicomDataset item = Close(_levels[_depth]);
                _depth--;
                _levels[_depth].Items.Add(item);
                break;
            }
            case DicomTokenType.EndSequence:
            {
                Level level = _levels[_depth];
                ref DicomElementEntry entry = ref level.Entries[level.OpenIndex];
                entry.Children = level.Items.ToArray();
                entry.ValueLength = reader.ValueLength;
                level.Items.Clear();
                level.OpenIndex = -1;
                break;
            }
            case DicomTokenType.StartFragments:
            {
                Level level = _levels[_depth];
                level.OpenIndex = level.Add(NewEntry(ref reader, DicomElementFlags.Encapsulated | DicomElementFlags.Bulk));
                level.Fragments.Clear();
                break;
            }
            case DicomTokenType.Fragment:
                _levels[_depth].Fragments.Add(new DicomFragment(reader.ValueOffset, reader.ValueLength));
                break;
            case DicomTokenType.EndFragments:
            {
                Level level = _levels[_depth];
                ref DicomElementEntry entry = ref level.Entries[level.OpenIndex];
                entry.Children = level.Fragments.ToArray();
                entry.ValueLength = reader.ValueLength;
                if (!_copyValues && entry.ValueOffset + entry.ValueLength <= _store.Bytes.Length) entry.DataIndex = (int)entry.ValueOffset;
                level.Fragments.Clear();
                level.OpenIndex = -1;
                break;
            }
        }
    }

    /// <summary>The File Meta Information dataset (empty when there was none).</summary>
    public DicomDataset BuildFileMeta() => Close(_meta);

    /// <summary>The top-level dataset. Call once, after the reader finished.</summary>
    public DicomDataset BuildDataset()
    {
        if (_copyValues) _store.Bytes = _arena.AsMemory(0, _arenaLength);
        return Close(_levels[0]);
    }

    private void AddElement(ref DicomReader reader, Level level)
    {
        DicomElementFlags flags = DicomElementFlags.None;
        if (reader.IsBulkData) flags |= DicomElementFlags.Bulk;
        if (reader.IsBigEndian) flags |= DicomElementFlags.BigEndian;
        if (reader.IsFromUN) flags |= DicomElementFlags.FromUN;
        DicomElementEntry entry = NewEntry(ref reader, flags);
        if (!reader.IsBulkData)
        {
            entry.DataIndex = _copyValues ? Copy(reader.ValueSpan) : (int)reader.ValueOffset;
        }
        else if (!_copyValues && reader.ValueOffset + reader.ValueLength <= _store.Bytes.Length)
        {
            entry.DataIndex = (int)reader.ValueOffset; // in memory anyway: available without a copy
        }
        level.Add(entry);
    }

    private static DicomElementEntry NewEntry(ref DicomReader reader, DicomElementFlags flags)
    {
        if (reader.ValueLength < 0) flags |= DicomElementFlags.UndefinedLength;
        return new DicomElementEntry
        {
            Tag = reader.Tag.Value,
            VR = reader.VR,
            Ambiguity = reader.VRAmbiguity,
            Flags = flags,
            ValueOffset = reader.ValueOffset,
            ValueLength = Math.Max(0, reader.ValueLength),
            DataIndex = -1,
        };
    }

    private int Copy(ReadOnlySpan<byte> value)
    {
        if (_arenaLength + value.Length > _arena.Length)
        {
            long size = Math.Max(Math.Max(4096L, _arena.Length * 2L), (long)_arenaLength + value.Length);
            if (size > Array.MaxLength) throw new DicomFormatException("loaded values exceed 2 GB", 0, "");
            Array.Resize(ref _arena, (int)size);
        }
        int start = _arenaLength;
        value.CopyTo(_arena.AsSpan(start));
        _arenaLength += value.Length;
        return start;
    }

    private DicomDataset Close(Level level)
    {
        DicomElementEntry[] entries = level.Entries.AsSpan(0, level.Count).ToArray();
        if (level.Unsorted) entries = SortAndDeduplicate(entries);
        var dataset = new DicomDataset(entries, _store);
        foreach (ref readonly DicomElementEntry e in entries.AsSpan())
        {
            if (e.Children is DicomDataset[] items)
            {
                foreach (DicomDataset item in items) item.SetParent(dataset);
            }
        }
        level.Reset();
        return dataset;
    }

    /// <summary>Stable insertion sort (the data is almost always sorted already); keeps the first of equal tags.</summary>
    private static DicomElementEntry[] SortAndDeduplicate(DicomElementEntry[] entries)
    {
        for (int i = 1; i < entries.Length; i++)
        {
            DicomElementEntry e = entries[i];
            int j = i - 1;
            while (j >= 0 && entries[j].Tag > e.Tag)
            {
                entries[j + 1] = entries[j];
                j--;
            }
            entries[j + 1] = e;
        }
        int count = 0;
        for (int i = 0; i < entries.Length; i++)
        {
            if (count > 0 && entries[count - 1].Tag == entries[i].Tag) continue;
            entries[count++] = entries[i];
        }
        return count == entries.Length ? entries : entries[..count];
    }

    /// <summary>One dataset under construction; reused for the next item at the same depth.</summary>
    private sealed class Level
    {
        public DicomElementEntry[] Entries = new DicomElementEntry[16];
        public int Count;
        public bool Unsorted;
        public uint LastTag;
        public int OpenIndex = -1;
        public readonly List<DicomDataset> Items = [];
        public readonly List<DicomFragment> Fragments = [];

        public int Add(DicomElementEntry entry)
        {
            if (Count == Entries.Length) Array.Resize(ref Entries, Entries.Length * 2);
            if (Count > 0 && entry.Tag <= LastTag) Unsorted = true;
            LastTag = entry.Tag;
            Entries[Count] = entry;
            return Count++;
        }

        public void Reset()
        {
            Array.Clear(Entries, 0, Count);
            Count = 0;
            Unsorted = false;
            LastTag = 0;
            OpenIndex = -1;
            Items.Clear();
            Fragments.Clear();
        }
    }
}
