
namespace Serverless.Dicom;

/// <summary>A forward-only, non-allocating reader of DICOM Part 10 data (after <c>Utf8JsonReader</c>).</summary>
/// <remarks>
/// <para>Feed it consecutive buffers: each <see cref="DicomReader"/> reads one buffer; <see cref="Read"/> returns
/// false when it needs more data (or when <see cref="DicomReaderState.IsFinished"/>). Then pass
/// <see cref="CurrentState"/> and the unconsumed bytes (from <see cref="BytesConsumed"/> on) followed by new data
/// to a new reader. Loaded values must fit in one buffer: a driver that gets false without progress on a full
/// buffer gives a bigger one (at most header + <see cref="DicomReadOptions.BulkDataThreshold"/> is ever needed).</para>
/// <para>Bulk values (Pixel Data, values over the threshold, fragments) are reported by offset and length and then
/// skipped: the reader consumes them from later buffers, or the driver skips them itself (Seek) and calls
/// <see cref="DicomReaderState.AdvanceSkip"/>.</para>
/// <para>All offsets are absolute and 0-based from the first byte given to the first reader. Deflated data
/// (<see cref="DicomTransferSyntax.IsDeflated"/>): after <see cref="DicomTokenType.StartDataset"/> the driver must
/// feed the inflated bytes, whose offsets continue from <see cref="DicomReaderState.DatasetOffset"/>.</para>
/// <para>Malformed input raises <see cref="DicomFormatException"/> with the offset and tag path.</para>
/// </remarks>
public ref partial struct DicomReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const uint ItemTag = 0xFFFEE000;
    private const uint ItemDelimitationTag = 0xFFFEE00D;
    private const uint SequenceDelimitationTag = 0xFFFEE0DD;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly bool _isFinalBlock;
    private readonly long _bufferStart;
    private int _consumed;
    private DicomReaderState _state;

    private DicomTokenType _tokenType;
    private uint _tag;
    private DicomVR _vr;
    private DicomVRAmbiguity _ambiguity;
    private long _tokenOffset;
    private long _valueOffset;
    private long _valueLength;
    private int _valueStart;
    private bool _isBulk;
    private bool _bigEndianValue;
    private bool _isFileMeta;
    private bool _fromUN;

    private enum Step : byte { Token, NeedMore, Continue }

    /// <param name="data">The next bytes of the input, starting at <see cref="DicomReaderState.Position"/> of <paramref name="state"/>.</param>
    /// <param name="isFinalBlock">No data follows <paramref name="data"/>.</param>
    /// <param name="state">A new <c>DicomReaderState(options)</c> for the first buffer, else the previous reader's <see cref="CurrentState"/>.</param>
    public DicomReader(ReadOnlySpan<byte> data, bool isFinalBlock, DicomReaderState state)
    {
        _buffer = data;
        _isFinalBlock = isFinalBlock;
        _state = state._initialized ? state : new DicomReaderState(null); // default(DicomReaderState) means default options
        _bufferStart = state._position;
        _valueStart = -1;
    }

    public readonly DicomTokenType TokenType => _tokenType;
    public readonly DicomTag Tag => new(_tag);
    /// <summary>The VR: from the data in explicit VR, from the dictionary in implicit VR or for a VR UN value
    /// whose tag the dictionary knows (PS3.5 §6.2.2); SQ for sequences.</summary>
    public readonly DicomVR VR => _vr;
    /// <summary>The dictionary lists alternative VRs and the data did not say (implicit VR): see <see cref="DicomVRAmbiguity"/>.</summary>
    public readonly DicomVRAmbiguity VRAmbiguity => _ambiguity;
    /// <summary>Absolute offset of the token's first byte (element header, item tag, delimiter).</summary>
    public readonly long TokenOffset => _tokenOffset;
    /// <summary>Absolute offset of the value's first byte.</summary>
    public readonly long ValueOffset => _valueOffset;
    /// <summary>Value length in bytes; -1 for undefined length at a Start token; at End tokens the bytes up to the delimiter.</summary>
    public readonly long ValueLength => _valueLength;
    /// <summary>The value of an <see cref="DicomTokenType.Element"/> that is not bulk data (valid until the next Read).</summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _valueStart >= 0 ? _buffer.Slice(_valueStart, (int)_valueLength) : default;
    /// <summary>The value was not loaded (Pixel Data, over the threshold, fragments): offset and length only.</summary>
    public readonly bool IsBulkData => _isBulk;
    /// <summary>Binary numbers in the value are big endian (Explicit VR Big Endian, outside UN values).</summary>
    public readonly bool IsBigEndian => _bigEndianValue;
    /// <summary>The element belongs to the File Meta Information (group 0002 before the dataset).</summary>
    public readonly bool IsFileMeta => _isFileMeta;
    /// <summary>The data said VR UN and the VR was taken from the dictionary instead (PS3.5 §6.2.2).</summary>
    public readonly bool IsFromUN => _fromUN;
    /// <summary>Sequence nesting depth of the current token (0 = top-level dataset).</summary>
    public readonly int CurrentDepth => _state._sequenceDepth;
    /// <summary>Bytes of this buffer consumed so far.</summary>
    public readonly long BytesConsumed => _consumed;
    public readonly DicomReaderState CurrentState
    {
        get
        {
            DicomReaderState state = _state;
            state._position = _bufferStart + _consumed;
            return state;
        }
    }

    private readonly long Position => _bufferStart + _consumed;
    private readonly int Available => _buffer.Length - _consumed;

    /// <summary>Reads the next token. False: more data is needed, or the input is finished (<see cref="DicomReaderState.IsFinished"/>).</summary>
    public bool Read()
    {
        _tokenType = DicomTokenType.None;
        _valueStart = -1;
        _isBulk = _isFileMeta = _fromUN = false;
        _ambiguity = DicomVRAmbiguity.None;
        if (_state._pendingSkip > 0 && !ConsumeSkip()) return false;
        while (true)
        {
            Step step = _state._phase switch
            {
                DicomReaderPhase.Start => ReadStart(),
                DicomReaderPhase.FileMeta => ReadFileMeta(),
                DicomReaderPhase.DetectDataset => DetectDataset(),
                DicomReaderPhase.Dataset => ReadInDataset(),
                _ => Step.NeedMore,
            };
            if (step == Step.Token) return true;
            if (step == Step.NeedMore) return false;
        }
    }

    private bool ConsumeSkip()
    {
        long n = Math.Min(Available, _state._pendingSkip);
        _consumed += (int)n;
        _state._pendingSkip -= n;
        if (_state._pendingSkip == 0) return true;
        if (_isFinalBlock) throw Error("value runs past the end of the data", Position, null);
        return false;
    }

    private Step ReadInDataset()
    {
        while (true)
        {
            long pos = Position;
            if (_state._frameCount > 0)
            {
                ref DicomReaderFrame top = ref _state._frames![_state._frameCount - 1];
                if (top.End >= 0 && pos >= top.End) return EndDefinedFrame(ref top);
                Step step = top.Kind switch
                {
                    DicomFrameKind.Sequence => ReadInSequence(ref top),
                    DicomFrameKind.Fragments => ReadFragment(ref top),
                    _ => ReadElement(),
                };
                if (step != Step.Continue) return step;
            }
            else
            {
                Step step = ReadElement();
                if (step != Step.Continue) return step;
            }
        }
    }

    private Step EndDefinedFrame(ref DicomReaderFrame top)
    {
        _tokenOffset = Position;
        _tag = top.Tag;
        _valueOffset = top.ValueOffset;
        _valueLength = top.End - top.ValueOffset;
        _tokenType = top.Kind == DicomFrameKind.Item ? DicomTokenType.EndItem : DicomTokenType.EndSequence;
        Pop();
        return Step.Token;
    }

    private Step ReadInSequence(ref DicomReaderFrame seq)
    {
        long pos = Position;
        if (!TryReadItemHeader(seq.Syntax, out uint tag, out uint length))
        {
            if (_isFinalBlock) throw Error("the data ends inside a sequence", pos, null);
            return Step.NeedMore;
        }
        if (tag == ItemTag)
        {
            long end = length == UndefinedLength ? -1 : pos + 8 + length;
            if (end >= 0) CheckEnd(end, pos, "item", seq.End);
            _consumed += 8;
            int index = seq.Index++;
            uint seqTag = seq.Tag;
            DicomSyntax syntax = seq.Syntax;
            Push(new DicomReaderFrame { Tag = seqTag, Kind = DicomFrameKind.Item, Syntax = syntax, End = end, ValueOffset = pos + 8, Index = index });
            SetToken(DicomTokenType.StartItem, ItemTag, DicomVR.None, pos, pos + 8, length == UndefinedLength ? -1 : length);
            return Step.Token;
        }
        if (tag == SequenceDelimitationTag)
        {
            _consumed += 8;
            if (seq.End >= 0) return Step.Continue; // tolerated: a delimiter inside a defined-length sequence
            SetToken(DicomTokenType.EndSequence, seq.Tag, DicomVR.SQ, pos, seq.ValueOffset, pos - seq.ValueOffset);
            Pop();
            return Step.Token;
        }
        throw Error($"expected an item (FFFE,E000) in the sequence, found {FormatTag(tag)}", pos, null);
    }

    private Step ReadFragment(ref DicomReaderFrame frame)
    {
        long pos = Position;
        if (!TryReadItemHeader(frame.Syntax, out uint tag, out uint length))
        {
            if (_isFinalBlock) throw Error("the data ends inside encapsulated Pixel Data", pos, null);
            return Step.NeedMore;
        }
        if (tag == ItemTag)
        {
            if (length == UndefinedLength) throw Error("a Pixel Data fragment has undefined length", pos, null);
            if (_isFinalBlock && length > Available - 8) throw Error($"a Pixel Data fragment of {length} bytes runs past the end of the data", pos, null);
            _consumed += 8;
            frame.Index++;
            SetToken(DicomTokenType.Fragment, ItemTag, DicomVR.None, pos, pos + 8, length);
            _isBulk = true;
            _state._pendingSkip = length;
            return Step.Token;
        }
        if (tag == SequenceDelimitationTag)
        {
            _consumed += 8;
            SetToken(DicomTokenType.EndFragments, frame.Tag, DicomVR.OB, pos, frame.ValueOffset, pos - frame.ValueOffset);
            Pop();
            return Step.Token;
        }
        throw Error($"expected a fragment item (FFFE,E000) in encapsulated Pixel Data, found {FormatTag(tag)}", pos, null);
    }

    private Step ReadElement()
    {
        long pos = Position;
        bool inItem = _state._frameCount > 0;
        DicomSyntax syntax = inItem ? _state._frames![_state._frameCount - 1].Syntax : _state._syntax;
        if (!TryReadHeader(syntax, out uint tag, out DicomVR vr, out uint length, out int headerLength))
        {
            if (!_isFinalBlock) return Step.NeedMore;
            return EndOfData(pos, inItem);
        }
        if (tag >> 16 == 0xFFFE) return ReadDelimiterOrStray(tag, length, pos, inItem);

        long valueOffset = pos + headerLength;
        bool bigEndianValue = syntax == DicomSyntax.ExplicitBig;
        bool fromUN = false;
        DicomVRAmbiguity ambiguity = DicomVRAmbiguity.None;
        if (syntax == DicomSyntax.ImplicitLittle)
        {
            vr = DicomDictionary.GetImplicitVR(tag, out ambiguity);
        }
        else if (vr == DicomVR.UN && length != UndefinedLength)
        {
            // PS3.5 §6.2.2: a UN value is the value as Implicit VR Little Endian would encode it; where the
            // dictionary knows the tag, read it with the dictionary VR (as dcmtk and pydicom do).
            DicomVR known = DicomDictionary.GetKnownVR(tag, out ambiguity);
            if (known != DicomVR.None)
            {
                vr = known;
                fromUN = true;
                bigEndianValue = false;
            }
        }

        bool isPixelData = tag is 0x7FE00010 or 0x7FE00008 or 0x7FE00009;
        if (isPixelData && !inItem && _state._stopBeforePixelData)
        {
            _state._phase = DicomReaderPhase.Done;
            SetToken(DicomTokenType.EndDataset, tag, vr, pos, valueOffset, length == UndefinedLength ? -1 : length);
            return Step.Token;
        }

        if (length == UndefinedLength)
        {
            if (vr is DicomVR.OB or DicomVR.OW || (isPixelData && vr == DicomVR.UN))
            {
                // Encapsulated Pixel Data (PS3.5 §A.4): items in little endian, VR OB. Pixel Data written as UN
                // of undefined length is still fragments, not a CP-246 sequence.
                _consumed += headerLength;
                Push(new DicomReaderFrame { Tag = tag, Kind = DicomFrameKind.Fragments, Syntax = DicomSyntax.ExplicitLittle, End = -1, ValueOffset = valueOffset });
                SetToken(DicomTokenType.StartFragments, tag, DicomVR.OB, pos, valueOffset, -1);
                return Step.Token;
            }
            if (vr is DicomVR.SQ or DicomVR.UN)
            {
                // CP-246 (PS3.5 §6.2.2): a UN of undefined length is a sequence in Implicit VR Little Endian; an
                // unknown tag of undefined length in implicit VR can only be a sequence too.
                DicomSyntax inner = vr == DicomVR.UN ? DicomSyntax.ImplicitLittle : syntax;
                _consumed += headerLength;
                PushSequence(tag, inner, -1, valueOffset, pos);
                SetToken(DicomTokenType.StartSequence, tag, DicomVR.SQ, pos, valueOffset, -1);
                return Step.Token;
            }
            throw Error($"undefined length is not allowed for VR {vr.ToText()}", pos, tag);
        }

        long end = valueOffset + length;
        long parentEnd = inItem ? _state._frames![_state._frameCount - 1].End : -1;
        if (vr == DicomVR.SQ)
        {
            CheckEnd(end, pos, "sequence", parentEnd, tag);
            _consumed += headerLength;
            PushSequence(tag, fromUN ? DicomSyntax.ImplicitLittle : syntax, end, valueOffset, pos);
            SetToken(DicomTokenType.StartSequence, tag, DicomVR.SQ, pos, valueOffset, length);
            return Step.Token;
        }

        CheckEnd(end, pos, "value", parentEnd, tag);
        bool bulk = isPixelData || length > (uint)_state._bulkThreshold;
        if (!bulk && headerLength + (long)length > Available) return Step.NeedMore; // CheckEnd covered the final block
        _consumed += headerLength;
        SetToken(DicomTokenType.Element, tag, vr, pos, valueOffset, length);
        _ambiguity = ambiguity;
        _bigEndianValue = bigEndianValue;
        _fromUN = fromUN;
        if (bulk)
        {
            _isBulk = true;
            _state._pendingSkip = length;
        }
        else
        {
            _valueStart = _consumed;
            _consumed += (int)length;
        }
        return Step.Token;
    }

    private Step ReadDelimiterOrStray(uint tag, uint length, long pos, bool inItem)
    {
        if (tag == ItemDelimitationTag && inItem)
        {
            ref DicomReaderFrame item = ref _state._frames![_state._frameCount - 1];
            _consumed += 8;
            if (item.End >= 0) return Step.Continue; // tolerated: a delimiter inside a defined-length item
            SetToken(DicomTokenType.EndItem, item.Tag, DicomVR.None, pos, item.ValueOffset, pos - item.ValueOffset);
            Pop();
            return Step.Token;
        }
        if (tag == SequenceDelimitationTag && !inItem && length == 0)
        {
            // A stray Sequence Delimitation Item in the top-level dataset (seen after private sequences of
            // explicit length 0, fo-dicom GH220): nothing is open that it could close, so it carries no meaning.
            _consumed += 8;
            _state.AddWarning($"stray Sequence Delimitation Item at byte {pos} ignored");
            return Step.Continue;
        }
        string what = tag switch
        {
            ItemTag => "an item (FFFE,E000) outside a sequence",
            ItemDelimitationTag => "an Item Delimitation Item outside an item",
            SequenceDelimitationTag => "a Sequence Delimitation Item inside an item",
            _ => $"the invalid element {FormatTag(tag)}",
        };
        throw Error($"found {what}", pos, null);
    }

    private Step EndOfData(long pos, bool inItem)
    {
        if (inItem) throw Error(Available == 0 ? "the data ends inside an item" : "the data ends inside an element header", pos, null);
        if (Available > 0)
        {
            // Fewer bytes than an element header at the very end: tolerate zero padding, reject anything else.
            if (_buffer[_consumed..].ContainsAnyExcept((byte)0)) throw Error("the data ends inside an element header", pos, null);
            _state.AddWarning($"{Available} zero bytes after the last element ignored");
            _consumed = _buffer.Length;
        }
        _state._phase = DicomReaderPhase.Done;
        SetToken(DicomTokenType.EndDataset, 0, DicomVR.None, Position, Position, 0);
        return Step.Token;
    }
}
