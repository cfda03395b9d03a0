using System.Diagnostics;

namespace Serverless.Dicom.Tests;

/// <summary>Deterministic mutation fuzzing: corrupted and truncated samples end in a DicomException or a dataset
/// that every accessor and the JSON writer can handle; nothing else escapes, nothing hangs.</summary>
public class FuzzTests
{
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("DICOM_FUZZ_ROUNDS"), out int r) ? r : 300;

    public static TheoryData<string> Seeds() =>
    [
        "transfer-syntax/MR_small.dcm",
        "transfer-syntax/MR_small_bigendian.dcm",
        "transfer-syntax/MR_small_implicit.dcm",
        "transfer-syntax/JPEG2000.dcm",
        "transfer-syntax/report_dfl",
        "structure/UN_sequence.dcm",
        "structure/nested_priv_SQ.dcm",
        "structure/GH223.dcm",
        "modality/reportsi.dcm",
        "charset/chrSQEncoding.dcm",
        "charset/chrH31.dcm",
        "modality/CT_small.dcm",
        "modality/DICOMDIR",
        "transfer-syntax/image_dfl.dcm",
        "transfer-syntax/Issue1097_FailToOpenDeflatedFileWithSQ.dcm",
        "structure/GH177_D_CLUNIE_CT1_IVRLE_BigEndian_undefined_length.dcm",
        "structure/explicit_VR-UN.dcm",
        "structure/priv_SQ.dcm",
        "structure/Issue195-bis.dcm",
        "malformed/bad_sequence.dcm",
        "malformed/SC_rgb_jpeg.dcm",
        "structure/no_preamble_dicm_in_data",
        "modality/rtstruct.dcm",
        "structure/GH220.dcm",
        "charset/chrX2.dcm",
        "modality/sample-sr.dcm",
    ];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Corrupted_input_fails_only_with_DicomException(string file)
    {
        byte[] original = SampleFiles.Read(file);
        var random = new Random(original.Length);
        for (int round = 0; round < Rounds; round++)
        {
            // Per case, so the bound means "nothing hangs" whatever DICOM_FUZZ_ROUNDS is.
            var watch = Stopwatch.StartNew();
            byte[] bytes = Mutate(original, random);
            DicomFile? parsed = TryParse(() => DicomFile.Parse(bytes), file, round);
            if (parsed != null) Exercise(parsed);
            if (round % 10 == 0)
            {
                DicomFile? streamed = await TryParseAsync(() => DicomFile.ReadAsync(new NonSeekableStream(bytes, 97, round)), file, round);
                if (streamed != null) Exercise(streamed);
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{file} round {round}: {watch.Elapsed}");
        }
    }

    public static TheoryData<string> AllSamples() => new(SampleFiles.Manifest.Select(r => r.Path));

    /// <summary>Every sample (malformed ones too): cut at 24 evenly spaced points and at 8 random ones, and 24
    /// random mutations; about 6,000 cases in all. Each ends with a dataset or a DicomException, within a bound.
    /// The seed is the file's length, so a failure names its file and round and reproduces.</summary>
    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_sample_truncated_and_mutated_ends_in_a_result_or_DicomException(string file)
    {
        byte[] original = SampleFiles.Read(file);
        var random = new Random(original.Length);
        var cuts = Enumerable.Range(1, 24).Select(i => (int)((long)original.Length * i / 25))
            .Concat(Enumerable.Range(0, 8).Select(_ => random.Next(original.Length)));
        int round = 0;
        foreach (int cut in cuts) Case(original[..cut], file, round++);
        for (int i = 0; i < 24; i++) Case(Mutate(original, random), file, round++);
    }

    private static void Case(byte[] bytes, string file, int round)
    {
        var watch = Stopwatch.StartNew();
        DicomFile? parsed = TryParse(() => DicomFile.Parse(bytes), file, round);
        if (parsed != null)
        {
            Exercise(parsed);
            try { _ = parsed.GetFrames(); }
            catch (DicomFormatException) { }
        }
        // Generous: the slowest sample (3.6 MB, 100,000 nested sequences) parses in well under a second.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{file} round {round} ({bytes.Length} bytes): {watch.Elapsed}");
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0: // truncate
                return bytes[..random.Next(bytes.Length)];
            case 1: // flip a few bytes
                for (int i = 0; i < 1 + random.Next(4); i++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 2: // random bytes in a spot
            {
                int length = Math.Min(8, bytes.Length / 16);
                random.NextBytes(bytes.AsSpan(random.Next(bytes.Length - length), length));
                return bytes;
            }
            case 3: // undefined length / huge length at a random even offset
            {
                int at = random.Next(bytes.Length - 4) & ~1;
                uint value = random.Next(3) switch { 0 => 0xFFFFFFFF, 1 => 0x7FFFFFFF, _ => (uint)random.Next(1 << 20) };
                BitConverter.TryWriteBytes(bytes.AsSpan(at), value);
                return bytes;
            }
            default: // delimiter tags where they do not belong
            {
                int at = random.Next(bytes.Length - 8) & ~1;
                byte[] tag = random.Next(3) switch { 0 => [0xFE, 0xFF, 0x00, 0xE0], 1 => [0xFE, 0xFF, 0x0D, 0xE0], _ => [0xFE, 0xFF, 0xDD, 0xE0] };
                tag.CopyTo(bytes, at);
                return bytes;
            }
        }
    }

    private static DicomFile? TryParse(Func<DicomFile> parse, string file, int round)
    {
        try
        {
            return parse();
        }
        catch (DicomException e)
        {
            Assert.False(e.Reason.StartsWith("unexpected", StringComparison.Ordinal), $"{file} round {round}: internal error {e.InnerException}");
            return null;
        }
    }

    private static async Task<DicomFile?> TryParseAsync(Func<Task<DicomFile>> parse, string file, int round)
    {
        try
        {
            return await parse();
        }
        catch (DicomException e)
        {
            Assert.False(e.Reason.StartsWith("unexpected", StringComparison.Ordinal), $"{file} round {round}: internal error {e.InnerException}");
            return null;
        }
    }

    /// <summary>Every accessor on every element, recursively, and the JSON writer.</summary>
    private static void Exercise(DicomFile file)
    {
        DicomJsonWriter.SerializeToUtf8Bytes(file.Dataset, ReferenceJsonTests.JsonOptions);
        DicomJsonWriter.SerializeToUtf8Bytes(file.FileMetaInformation);
        Walk(file.Dataset);
    }

    private static void Walk(DicomDataset ds)
    {
        _ = ds.CharacterSet;
        foreach (DicomElement e in ds)
        {
            _ = e.GetString();
            _ = e.GetStrings();
            _ = e.GetPersonNames();
            _ = e.RawValue;
            _ = ds.TryGetInt32(e.Tag, out _);
            _ = ds.TryGetDouble(e.Tag, out _);
            foreach (DicomDataset item in e.Items) Walk(item);
        }
    }
}
