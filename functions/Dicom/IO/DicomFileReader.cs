using System.Buffers;
using System.IO.Compression;

namespace Serverless.Dicom;

/// <summary>Drives a <see cref="DicomReader"/> over memory or a stream and builds a <see cref="DicomFile"/>.</summary>
internal static class DicomFileReader
{
    private const int InitialBufferSize = 64 * 1024;

    public static DicomFile Parse(ReadOnlyMemory<byte> bytes, DicomReadOptions options)
    {
        var store = new DicomValueStore { Bytes = bytes };
        var builder = new DicomDatasetBuilder(store, copyValues: false);
        var state = new DicomReaderState(options);
        try
        {
            var reader = new DicomReader(bytes.Span, true, state);
            while (reader.Read())
            {
                builder.Add(ref reader);
                if (reader.TokenType == DicomTokenType.StartDataset && reader.CurrentState.TransferSyntax!.IsDeflated)
                {
                    // Offsets after the File Meta are into the inflated dataset (see DicomElement.ValueOffset):
                    // keep the File Meta bytes as they are and append the inflated bytes.
                    DicomReaderState s = reader.CurrentState;
                    store.Bytes = Inflate(bytes, (int)s.DatasetOffset);
                    reader = new DicomReader(store.Bytes.Span[(int)s.DatasetOffset..], true, s);
                }
            }
            state = reader.CurrentState;
            if (!state.IsFinished) throw new DicomFormatException("the reader stopped before the end of the data", state.Position, "");
            return new DicomFile(builder.BuildFileMeta(), builder.BuildDataset(), state);
        }
        catch (Exception e) when (e is not DicomException)
        {
            throw Wrap(e, state.Position);
        }
    }

    public static async Task<DicomFile> ReadAsync(Stream stream, DicomReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var store = new DicomValueStore();
        var builder = new DicomDatasetBuilder(store, copyValues: true);
        var state = new DicomReaderState(options);
        // The buffer never needs to hold more than one loaded value with its header (bulk values are skipped),
        // or a File Meta value (at most 1 MB): memory stays bounded whatever the file size.
        long maxBuffer = Math.Max(InitialBufferSize, (long)options.BulkDataThreshold + 16) + (1 << 20) + 16;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        Stream input = stream;
        DeflateStream? inflater = null;
        int filled = 0;
        bool final = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (!final && filled < buffer.Length)
                {
                    int n = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                    if (n == 0) final = true;
                    else filled += n;
                }
                int consumed = ReadBuffer(buffer.AsSpan(0, filled), final, ref state, builder, out bool startInflate);
                if (state.IsFinished) break;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                if (startInflate)
                {
                    // The rest of the input (what is left in the buffer, then the stream) is a raw deflate stream.
                    var compressed = new PrefixedStream(buffer.AsSpan(0, filled).ToArray(), stream);
                    inflater = new DeflateStream(compressed, CompressionMode.Decompress, leaveOpen: true);
                    input = inflater;
                    filled = 0;
                    final = false;
                    continue;
                }
                if (state.PendingSkip > 0)
                {
                    await SkipAsync(input, state.PendingSkip, state.Position, buffer, cancellationToken).ConfigureAwait(false);
                    state.AdvanceSkip(state.PendingSkip);
                    continue;
                }
                if (consumed == 0 && filled == buffer.Length)
                {
                    if (buffer.Length >= maxBuffer) throw new DicomFormatException("an element does not fit the read buffer", state.Position, "");
                    byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Min(maxBuffer, buffer.Length * 2L), Array.MaxLength));
                    Buffer.BlockCopy(buffer, 0, bigger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                else if (final && consumed == 0)
                {
                    throw new DicomFormatException("the reader stopped before the end of the data", state.Position, "");
                }
            }
            return new DicomFile(builder.BuildFileMeta(), builder.BuildDataset(), state);
        }
        catch (InvalidDataException e)
        {
            throw new DicomFormatException("the deflated dataset is not a valid deflate stream", state.Position, "", e);
        }
        catch (Exception e) when (e is not DicomException and not OperationCanceledException and not IOException and not ObjectDisposedException and not NotSupportedException)
        {
            throw Wrap(e, state.Position);
        }
        finally
        {
            inflater?.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadBuffer(ReadOnlySpan<byte> data, bool final, ref DicomReaderState state, DicomDatasetBuilder builder, out bool startInflate)
    {
        var reader = new DicomReader(data, final, state);
        startInflate = false;
        while (reader.Read())
        {
            builder.Add(ref reader);
            if (reader.TokenType == DicomTokenType.StartDataset && reader.CurrentState.TransferSyntax!.IsDeflated)
            {
                startInflate = true;
                break;
            }
        }
        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>Skips a bulk value: Seek when the stream can, else read and discard (never buffered whole).</summary>
    private static async Task SkipAsync(Stream input, long count, long start, byte[] scratch, CancellationToken cancellationToken)
    {
        if (input.CanSeek)
        {
            long remaining = input.Length - input.Position;
            if (count > remaining) throw new DicomFormatException($"a value of {count} bytes runs past the end of the data ({remaining} bytes left)", start, "");
            input.Seek(count, SeekOrigin.Current);
            return;
        }
        while (count > 0)
        {
            int n = await input.ReadAsync(scratch.AsMemory(0, (int)Math.Min(count, scratch.Length)), cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new DicomFormatException($"a value runs past the end of the data ({count} bytes missing)", start, "");
            count -= n;
        }
    }

    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> bytes, int datasetOffset)
    {
        using var output = new MemoryStream((int)Math.Min(Array.MaxLength, Math.Max(4096L, (bytes.Length - (long)datasetOffset) * 4)));
        output.Write(bytes.Span[..datasetOffset]);
        try
        {
            using var input = new MemoryStream(bytes[datasetOffset..].ToArray(), writable: false);
            using var inflater = new DeflateStream(input, CompressionMode.Decompress);
            inflater.CopyTo(output);
        }
        catch (InvalidDataException e)
        {
            throw new DicomFormatException("the deflated dataset is not a valid deflate stream", datasetOffset, "", e);
        }
        return output.GetBuffer().AsMemory(0, (int)output.Length);
    }

    /// <summary>A safety net: a bug in the reader must still surface as a <see cref="DicomException"/>.</summary>
    private static DicomFormatException Wrap(Exception e, long position) =>
        new($"unexpected {e.GetType().Name} while reading: {e.Message}", position, "", e);
}
