using System.Buffers.Binary;

namespace Serverless.Dicom;

public sealed partial class DicomFile
{
    /// <summary>
    /// Where each frame of the top-level Pixel Data lies (PS3.5 §8.1.1 native, §A.4 encapsulated); empty when the
    /// dataset has no Pixel Data.
    /// </summary>
    /// <remarks>
    /// Native: Number of Frames × (Rows × Columns × Samples per Pixel × Bits Allocated) bits, frames packed one after
    /// the other (YBR_FULL_422 holds two samples per pixel, PS3.3 §C.7.6.3.1.2). Encapsulated, in this order: the
    /// Basic Offset Table, else the Extended Offset Table (7FE0,0001), when their entries point at fragment items;
    /// one frame holding every fragment; one fragment per frame; else the fragments that open a frame's bit stream
    /// (JPEG and JPEG-LS SOI, JPEG 2000 and HTJ2K SOC or JP2 signature, JPEG XL signature), when they are exactly
    /// as many as the frames. Finding these markers needs the fragment bytes: a file from <see cref="Parse"/> has
    /// them; one read with <see cref="ReadAsync"/> does not.
    /// </remarks>
    /// <exception cref="DicomFormatException">The frames cannot be placed: Pixel Data shorter than Number of Frames
    /// needs, attributes missing or invalid, or fragments that cannot be assigned to frames.</exception>
    public IReadOnlyList<DicomFrame> GetFrames()
    {
        DicomElement? pixels = null;
        foreach (DicomTag tag in (ReadOnlySpan<DicomTag>)[DicomTag.PixelData, DicomTag.FloatPixelData, DicomTag.DoubleFloatPixelData])
        {
            if (Dataset.TryGetElement(tag, out DicomElement e)) { pixels = e; break; }
        }
        if (pixels is null || (pixels.ValueLength == 0 && !pixels.IsEncapsulated)) return [];

        int frames = 1;
        if (Dataset.Contains(DicomTag.NumberOfFrames) && Dataset.GetString(DicomTag.NumberOfFrames) is not null)
        {
            if (!Dataset.TryGetInt32(DicomTag.NumberOfFrames, out frames) || frames < 1)
                throw Fail(pixels, $"Number of Frames '{Dataset.GetString(DicomTag.NumberOfFrames)}' is not a positive integer");
        }
        return pixels.IsEncapsulated ? EncapsulatedFrames(pixels, frames) : NativeFrames(pixels, frames);
    }

    private DicomFrame[] NativeFrames(DicomElement pixels, int frames)
    {
        int rows = Require(pixels, DicomTag.Rows, "Rows"), columns = Require(pixels, DicomTag.Columns, "Columns");
        int bitsAllocated = pixels.Tag == DicomTag.FloatPixelData ? 32
            : pixels.Tag == DicomTag.DoubleFloatPixelData ? 64
            : Require(pixels, DicomTag.BitsAllocated, "Bits Allocated");
        int samples = Dataset.TryGetInt32(DicomTag.SamplesPerPixel, out int spp) && spp > 0 ? spp : 1;
        if (Dataset.GetString(DicomTag.PhotometricInterpretation) == "YBR_FULL_422") samples = 2;

        long frameBits = (long)rows * columns * samples * bitsAllocated;
        if (frameBits > pixels.ValueLength * 8 / frames)
            throw Fail(pixels, $"Pixel Data holds {pixels.ValueLength} bytes, fewer than {frames} frame(s) of {rows}×{columns}×{samples}×{bitsAllocated} bits need");
        var result = new DicomFrame[frames];
        for (int i = 0; i < frames; i++)
        {
            long startBit = i * frameBits;
            int bitOffset = (int)(startBit % 8);
            long length = (bitOffset + frameBits + 7) / 8;
            result[i] = new DicomFrame(i, [new DicomFragment(pixels.ValueOffset + startBit / 8, length)], bitOffset);
        }
        return result;
    }

    private DicomFrame[] EncapsulatedFrames(DicomElement pixels, int frames)
    {
        IReadOnlyList<DicomFragment> fragments = pixels.Fragments;
        if (fragments.Count == 0) throw Fail(pixels, "encapsulated Pixel Data holds no fragments");
        if (frames > fragments.Count)
            throw Fail(pixels, $"encapsulated Pixel Data holds {fragments.Count} fragment(s) for {frames} frames");

        int[]? starts = StartsFromOffsetTable(pixels, fragments, frames);
        if (starts is null && frames == 1) starts = [0];
        if (starts is null && frames == fragments.Count) starts = Enumerable.Range(0, frames).ToArray();
        starts ??= StartsFromMarkers(pixels, fragments, frames)
            ?? throw Fail(pixels, $"cannot tell which of the {fragments.Count} fragments belong to which of the {frames} frames (no usable offset table, no frame start markers)");

        var result = new DicomFrame[frames];
        for (int i = 0; i < frames; i++)
        {
            int end = i + 1 < frames ? starts[i + 1] : fragments.Count;
            var own = new DicomFragment[end - starts[i]];
            for (int j = 0; j < own.Length; j++) own[j] = fragments[starts[i] + j];
            result[i] = new DicomFrame(i, own);
        }
        return result;
    }

    /// <summary>Fragment index of each frame's first fragment from the Basic (32-bit) or Extended (64-bit) Offset
    /// Table: offsets count from the first fragment's item tag (PS3.5 §A.4). Null when neither table fits.</summary>
    private int[]? StartsFromOffsetTable(DicomElement pixels, IReadOnlyList<DicomFragment> fragments, int frames)
    {
        ReadOnlySpan<byte> table = [];
        int size = 4;
        DicomFragment bot = pixels.BasicOffsetTable!.Value;
        if (bot.Length > 0 && pixels.IsValueAvailable)
        {
            table = pixels.RawValue.Span.Slice((int)(bot.Offset - pixels.ValueOffset), (int)bot.Length);
        }
        else if (Dataset.TryGetElement(DicomTag.ExtendedOffsetTable, out DicomElement eot) && eot.IsValueAvailable && !eot.IsBulkData)
        {
            table = eot.RawValue.Span;
            size = 8;
        }
        if (table.Length != frames * size) return null;

        long first = fragments[0].Offset - 8;
        var starts = new int[frames];
        int next = 0;
        for (int i = 0; i < frames; i++)
        {
            long offset = size == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 4)..]) : (long)BinaryPrimitives.ReadUInt64LittleEndian(table[(i * 8)..]);
            while (next < fragments.Count && fragments[next].Offset - 8 - first < offset) next++;
            if (next == fragments.Count || fragments[next].Offset - 8 - first != offset) return null;
            starts[i] = next++;
        }
        return starts[0] == 0 ? starts : null;
    }

    private int[]? StartsFromMarkers(DicomElement pixels, IReadOnlyList<DicomFragment> fragments, int frames)
    {
        if (!pixels.IsValueAvailable) return null;
        ReadOnlySpan<byte> value = pixels.RawValue.Span;
        var starts = new List<int>(frames);
        for (int i = 0; i < fragments.Count; i++)
        {
            ReadOnlySpan<byte> head = value.Slice((int)(fragments[i].Offset - pixels.ValueOffset), (int)Math.Min(fragments[i].Length, 12));
            if (OpensBitStream(head)) starts.Add(i);
        }
        return starts.Count == frames && starts[0] == 0 ? [.. starts] : null;
    }

    private static bool OpensBitStream(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])                  // JPEG, JPEG-LS: SOI then a marker
        || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51])         // JPEG 2000 / HTJ2K codestream: SOC, SIZ
        || head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20]) // JP2 signature box
        || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A])                     // JPEG XL codestream
        || head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, 0x4A, 0x58, 0x4C, 0x20]); // JPEG XL container

    private int Require(DicomElement pixels, DicomTag tag, string name) =>
        Dataset.TryGetInt32(tag, out int value) && value > 0 ? value
            : throw Fail(pixels, $"{name} {tag} is missing or not a positive integer, so native frames cannot be placed");

    private static DicomFormatException Fail(DicomElement pixels, string reason) =>
        new(reason, pixels.ValueOffset, pixels.Tag.ToString());
}
