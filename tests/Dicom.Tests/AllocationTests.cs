namespace Serverless.Dicom.Tests;

[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTestsCollection;

/// <summary>Memory bounds. Run alone: GC.GetTotalAllocatedBytes counts every thread's allocations.</summary>
[Collection(nameof(AllocationTests))]
public class AllocationTests
{
    private const string ExplicitLE = "1.2.840.10008.1.2.1";

    [Fact]
    public void Declared_length_of_3GB_is_rejected_without_allocating()
    {
        byte[] bytes = DicomBytes.File(ExplicitLE)
            .Explicit(0x00100020, "LO", "ID")
            .Header(0x00291010, "OB", 0xC0000000)
            .Raw(new byte[1000]).ToArray();

        long before = GC.GetAllocatedBytesForCurrentThread();
        DicomException e = Assert.ThrowsAny<DicomException>(() => DicomFile.Parse(bytes));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Equal("(0029,1010)", e.TagPath);
        Assert.Contains("runs past the end of the data", e.Reason);

        long total = GC.GetTotalAllocatedBytes(precise: true);
        DicomException fromStream = Assert.ThrowsAny<DicomException>(() =>
            DicomFile.ReadAsync(new NonSeekableStream(bytes, 300)).GetAwaiter().GetResult());
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - total < 10_000_000);
        Assert.Contains("runs past the end of the data", fromStream.Reason);
    }

    [Fact]
    public async Task Memory_does_not_grow_with_the_size_of_bulk_data()
    {
        byte[] bytes = SampleFiles.Read("transfer-syntax/will-jxl.dcm"); // 2.2 MB, nearly all Pixel Data
        await DicomFile.ReadAsync(new NonSeekableStream(bytes, maxChunk: 65536)); // warm up
        long before = GC.GetTotalAllocatedBytes(precise: true);
        DicomFile file = await DicomFile.ReadAsync(new NonSeekableStream(bytes, maxChunk: 65536));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated < bytes.Length / 4, $"allocated {allocated} bytes for a {bytes.Length} byte file");
        Assert.True(file.Dataset.TryGetElement(DicomTag.PixelData, out DicomElement pixels));
        Assert.Equal(27, pixels.Fragments.Count);
    }
}
