namespace Serverless.Dicom;

/// <summary>Where one frame of Pixel Data lies in the input, so it can be range-read (e.g. from a blob) without
/// reading the rest of the file.</summary>
/// <remarks>Offsets are absolute and 0-based in the input, like <see cref="DicomElement.ValueOffset"/> (for a
/// deflated transfer syntax they are positions in the inflated dataset: see <see cref="DicomFile"/>).</remarks>
public sealed class DicomFrame
{
    private readonly DicomFragment[] _fragments;

    internal DicomFrame(int index, DicomFragment[] fragments, int firstBitOffset = 0)
    {
        Index = index;
        _fragments = fragments;
        FirstBitOffset = firstBitOffset;
    }

    /// <summary>0-based frame number (frame 1 of PS3.18 §10.4.1.1.4 is index 0).</summary>
    public int Index { get; }

    /// <summary>The byte ranges that make up the frame, in order: one for native Pixel Data; for encapsulated Pixel
    /// Data the values of the fragments (PS3.5 §A.4) whose concatenation is the frame's compressed bit stream.</summary>
    public IReadOnlyList<DicomFragment> Fragments => _fragments;

    /// <summary>Offset of the frame's first byte.</summary>
    public long Offset => _fragments[0].Offset;

    /// <summary>Bytes in the frame (the sum of its fragments' lengths).</summary>
    public long Length
    {
        get
        {
            long sum = 0;
            foreach (DicomFragment f in _fragments) sum += f.Length;
            return sum;
        }
    }

    /// <summary>The first byte after the frame's last fragment: one range read of <see cref="Offset"/> to
    /// <see cref="End"/> covers the whole frame (with the 8-byte item headers between its fragments to drop).</summary>
    public long End => _fragments[^1].Offset + _fragments[^1].Length;

    /// <summary>For native Pixel Data with Bits Allocated 1, frames are packed without padding (PS3.5 §8.1.1) and a
    /// frame may start inside a byte: the bit (0 = least significant) of the first byte where it starts. Otherwise 0.</summary>
    public int FirstBitOffset { get; }

    public override string ToString() => $"frame {Index}: {Length} bytes at {Offset} in {_fragments.Length} range(s)";
}
