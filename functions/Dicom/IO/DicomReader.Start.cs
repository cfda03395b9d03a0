using System.Buffers.Binary;
using System.Text;

namespace Serverless.Dicom;

// Preamble, File Meta Information and the choice of how to read the dataset (PS3.10 §7.1, PS3.5 §10).
public ref partial struct DicomReader
{
    private const int PreambleLength = 128;
    private const int MaxFileMetaValueLength = 1 << 20;

    private Step ReadStart()
    {
        ReadOnlySpan<byte> s = _buffer[_consumed..];
        if (s.Length < PreambleLength + 6 && !_isFinalBlock) return Step.NeedMore;
        if (s.Length >= PreambleLength + 4 && s.Slice(PreambleLength, 4).SequenceEqual("DICM"u8)
            && (s.Length < PreambleLength + 6 || BinaryPrimitives.ReadUInt16LittleEndian(s[(PreambleLength + 4)..]) == 0x0002 || !LooksLikeExplicitElement(s)))
        {
            // PS3.10 §7.1: 128-byte preamble and "DICM". The bytes "DICM" can also occur at offset 128 inside the
            // first values of a file without preamble (structure/no_preamble_dicm_in_data): then a File Meta
            // element does not follow, and offset 0 holds a plausible explicit VR element instead.
            _state._hasPreamble = true;
            _consumed += PreambleLength + 4;
            _state._phase = DicomReaderPhase.FileMeta;
        }
        else if (s.Length >= 6 && s[..4].SequenceEqual("DICM"u8) && BinaryPrimitives.ReadUInt16LittleEndian(s[4..]) == 0x0002)
        {
            _consumed += 4; // "DICM" without the preamble
            _state._phase = DicomReaderPhase.FileMeta;
        }
        else if (s.Length >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(s) == 0x0002)
        {
            _state._phase = DicomReaderPhase.FileMeta; // File Meta without preamble
        }
        else
        {
            _state._phase = DicomReaderPhase.DetectDataset; // a bare dataset (no preamble, no File Meta)
        }
        return Step.Continue;
    }

    private static bool LooksLikeExplicitElement(ReadOnlySpan<byte> s)
    {
        if (s.Length < 8) return false;
        // Any group but 0000 (a zero preamble would pass otherwise); private groups can come first (structure/UN_sequence.dcm).
        return BinaryPrimitives.ReadUInt16LittleEndian(s) != 0 && DicomVRInfo.Parse(s[4], s[5]) != DicomVR.None;
    }

    private Step ReadFileMeta()
    {
        ReadOnlySpan<byte> s = _buffer[_consumed..];
        long pos = Position;
        if (s.Length < 8)
        {
            if (!_isFinalBlock) return Step.NeedMore;
            if (s.Length < 2 || BinaryPrimitives.ReadUInt16LittleEndian(s) != 0x0002) return FinishFileMeta();
            throw Error("the data ends inside the File Meta Information", pos, null);
        }
        // The File Meta is group 0002 in Explicit VR Little Endian (PS3.10 §7.1). Its end is where group 0002
        // ends: (0002,0000) Group Length is read but not trusted, since files with a wrong one exist (GH364).
        if (BinaryPrimitives.ReadUInt16LittleEndian(s) != 0x0002) return FinishFileMeta();
        if (pos == _state._fileMetaEnd && _state._declaredTransferSyntax is { } declared && DicomTransferSyntax.FromUid(declared).IsDeflated)
            return FinishFileMeta(); // compressed bytes can look like group 0002; here the group length decides
        uint tag = (uint)BinaryPrimitives.ReadUInt16LittleEndian(s) << 16 | BinaryPrimitives.ReadUInt16LittleEndian(s[2..]);
        DicomVR vr = DicomVRInfo.Parse(s[4], s[5]);
        uint length;
        int headerLength;
        if (vr == DicomVR.None)
        {
            // Some old writers put the File Meta in implicit VR; tolerate it (the VR comes from the dictionary).
            vr = DicomDictionary.GetImplicitVR(tag, out _);
            length = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]);
            headerLength = 8;
            if (_state._warnings is null || !_state._warnings.Contains("File Meta in implicit VR")) _state.AddWarning("File Meta in implicit VR");
        }
        else if (vr.HasLongLength())
        {
            if (s.Length < 12)
            {
                if (_isFinalBlock) throw Error("the data ends inside the File Meta Information", pos, tag);
                return Step.NeedMore;
            }
            length = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]);
            headerLength = 12;
        }
        else
        {
            length = BinaryPrimitives.ReadUInt16LittleEndian(s[6..]);
            headerLength = 8;
        }
        if (length > MaxFileMetaValueLength) throw Error($"a File Meta element declares {length} bytes", pos, tag);
        if (headerLength + length > s.Length)
        {
            if (_isFinalBlock) throw Error("a File Meta value runs past the end of the data", pos, tag);
            return Step.NeedMore;
        }
        _consumed += headerLength;
        SetToken(DicomTokenType.Element, tag, vr, pos, pos + headerLength, length);
        _isFileMeta = true;
        _valueStart = _consumed;
        _consumed += (int)length;
        _state._hasFileMeta = true;
        if (tag == 0x00020000 && length == 4)
        {
            _state._fileMetaEnd = pos + headerLength + 4 + BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(headerLength, 4));
        }
        if (tag == 0x00020010)
        {
            string uid = TrimUid(s.Slice(headerLength, (int)length));
            _state._declaredTransferSyntax = uid.Length > 0 ? uid : null;
        }
        return Step.Token;
    }

    private Step FinishFileMeta()
    {
        _state._datasetOffset = Position;
        if (_state._declaredTransferSyntax is { } uid)
        {
            DicomTransferSyntax ts = DicomTransferSyntax.FromUid(uid);
            if (ts.IsDeflated)
            {
                // The rest of the input is a raw deflate stream (PS3.5 §A.5); the driver inflates it.
                _state._transferSyntax = ts;
                _state._syntax = DicomSyntax.ExplicitLittle;
                _state._phase = DicomReaderPhase.Dataset;
                SetToken(DicomTokenType.StartDataset, 0, DicomVR.None, Position, Position, 0);
                return Step.Token;
            }
        }
        _state._phase = DicomReaderPhase.DetectDataset;
        return Step.Continue;
    }

    private Step DetectDataset()
    {
        ReadOnlySpan<byte> s = _buffer[_consumed..];
        if (s.Length < 8 && !_isFinalBlock) return Step.NeedMore;
        if (_state._datasetOffset < 0) _state._datasetOffset = Position;
        if (s.Length == 0 && !_state._hasFileMeta) throw Error("there is no DICOM data (empty input, or only a preamble)", Position, null);
        // Without a declared transfer syntax, Explicit VR Big Endian (PS3.5 §A.3) is told apart by the first tag,
        // which only in big endian is a low public group (pydicom's test_files/ExplVR_BigEndNoMeta.dcm).
        bool bareBigEndian = _state._declaredTransferSyntax is null && s.Length >= 8
            && !CanStartDataset(BinaryPrimitives.ReadUInt16LittleEndian(s)) && CanStartDataset(BinaryPrimitives.ReadUInt16BigEndian(s))
            && DicomVRInfo.Parse(s[4], s[5]) != DicomVR.None;
        if (!_state._hasFileMeta && !_state._hasPreamble && s.Length >= 8 && !bareBigEndian)
        {
            // Anything but a bare dataset that starts as one is not DICOM (an image, a PDF, a stray byte before the data).
            ushort group = BinaryPrimitives.ReadUInt16LittleEndian(s);
            if (!CanStartDataset(group))
                throw Error($"not DICOM: no preamble, no File Meta, and the first tag ({group:X4},{BinaryPrimitives.ReadUInt16LittleEndian(s[2..]):X4}) cannot start a dataset", Position, null);
        }
        DicomTransferSyntax ts;
        DicomSyntax syntax;
        bool looksExplicit = LooksLikeExplicitElement(s);
        if (_state._declaredTransferSyntax is { } uid)
        {
            ts = DicomTransferSyntax.FromUid(uid);
            syntax = !ts.IsExplicitVR ? DicomSyntax.ImplicitLittle : ts.IsBigEndian ? DicomSyntax.ExplicitBig : DicomSyntax.ExplicitLittle;
            // The body does not always match the File Meta (malformed/SC_rgb_jpeg.dcm): decide by the first element,
            // as pydicom and dcmtk do. Explicit VR Big Endian is trusted as declared.
            if (s.Length >= 8 && syntax == DicomSyntax.ExplicitLittle && !looksExplicit)
            {
                syntax = DicomSyntax.ImplicitLittle;
                _state.AddWarning($"the transfer syntax {uid} says explicit VR but the dataset is implicit VR; read as implicit VR");
            }
            else if (s.Length >= 8 && syntax == DicomSyntax.ImplicitLittle && looksExplicit)
            {
                syntax = DicomSyntax.ExplicitLittle;
                _state.AddWarning($"the transfer syntax {uid} says implicit VR but the dataset is explicit VR; read as explicit VR");
            }
        }
        else
        {
            // No File Meta (or no (0002,0010)): PS3.10 allows no such file, but ACR-NEMA style and raw datasets
            // are common; decide the encoding by the first element (implicit VR big endian does not exist).
            syntax = bareBigEndian ? DicomSyntax.ExplicitBig : looksExplicit ? DicomSyntax.ExplicitLittle : DicomSyntax.ImplicitLittle;
            ts = bareBigEndian ? DicomTransferSyntax.ExplicitVRBigEndian
                : looksExplicit ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
        }
        _state._transferSyntax = ts;
        _state._syntax = syntax;
        _state._phase = DicomReaderPhase.Dataset;
        SetToken(DicomTokenType.StartDataset, 0, DicomVR.None, Position, Position, 0);
        return Step.Token;
    }

    /// <summary>Whether a bare dataset (ACR-NEMA style) can start with this group: a low public group, in practice
    /// (0008,xxxx), since SOP Class UID is required in every IOD.</summary>
    private static bool CanStartDataset(ushort group) => group >= 0x0002 && group < 0x0100 && (group & 1) == 0;

    /// <summary>A UI value without its trailing NUL/space padding (PS3.5 §6.2: UI is padded with NUL).</summary>
    internal static string TrimUid(ReadOnlySpan<byte> value)
    {
        int end = value.Length;
        while (end > 0 && (value[end - 1] == 0 || value[end - 1] == (byte)' ')) end--;
        int start = 0;
        while (start < end && value[start] == (byte)' ') start++;
        return Encoding.ASCII.GetString(value[start..end]);
    }
}
