using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Serverless.Dicom;

// Metadata extraction benchmark (issue 3): for every shared sample outside malformed/, read the file up to
// Pixel Data, build the dataset and write its DICOM JSON; then the pydicom 2.3 baseline on the same files in the
// same run, when a python3 with pydicom is found. One thread each, files from the OS cache.
//
//   dotnet run -c Release --project tests/Dicom.Benchmarks [-- --seconds 5] [--python /usr/bin/python3] [--no-pydicom]

double seconds = 5;
string? python = null;
bool runPydicom = true;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--python": python = args[++i]; break;
        case "--no-pydicom": runPydicom = false; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

string root = SampleLocator.Find();
string[] files = SampleLocator.WellFormedFiles(root);
long totalBytes = files.Sum(f => new FileInfo(f).Length);
Console.WriteLine($"samples: {files.Length} files, {totalBytes / 1e6:F1} MB, outside malformed/ in {root}");
Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, one thread");

var buffer = new ArrayBufferWriter<byte>(1 << 20);
var readOptions = new DicomReadOptions { StopBeforePixelData = true };
var jsonOptions = new DicomJsonWriterOptions { BulkDataUriFactory = static (path, _) => "bulk/" + path };

long WriteJson(DicomFile file)
{
    buffer.ResetWrittenCount();
    using (var writer = new Utf8JsonWriter(buffer))
        DicomJsonWriter.WriteDataset(writer, file.Dataset, jsonOptions);
    return buffer.WrittenCount;
}

// "file": the whole file read into memory, then parsed up to Pixel Data (values point into the bytes).
// "stream": DicomFile.ReadAsync over a FileStream, as the archive reads blobs; a FileStream's async reads hop
// to the thread pool, so this mode pays for scheduling as well.
var modes = new (string Name, Func<string, ValueTask<long>> Job)[]
{
    ("file", path => ValueTask.FromResult(WriteJson(DicomFile.Parse(File.ReadAllBytes(path), readOptions)))),
    ("stream", async path =>
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return WriteJson(await DicomFile.ReadAsync(stream, readOptions));
    }),
};

double ourFilesPerSecond = 0;
foreach ((string name, Func<string, ValueTask<long>> job) in modes)
{
    // Warm-up: every file a few times (the first pass also proves each one reads).
    long jsonBytes = 0;
    foreach (string f in files) jsonBytes += await job(f);
    for (int i = 0; i < 3; i++) foreach (string f in files) await job(f);

    if (Environment.GetEnvironmentVariable("BENCH_PER_FILE") == "1")
    {
        foreach (string f in files)
        {
            var sw = Stopwatch.StartNew();
            long a0 = GC.GetTotalAllocatedBytes(true);
            for (int k = 0; k < 200; k++) await job(f);
            Console.WriteLine($"{sw.Elapsed.TotalMilliseconds * 5,10:F1} us {(GC.GetTotalAllocatedBytes(true) - a0) / 200,10} B  {Path.GetFileName(f)}");
        }
    }

    GC.Collect();
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    int gen0Before = GC.CollectionCount(0);
    long done = 0, bytesDone = 0;
    var clock = Stopwatch.StartNew();
    do
    {
        foreach (string f in files)
        {
            await job(f);
            done++;
        }
        bytesDone += totalBytes;
    } while (clock.Elapsed.TotalSeconds < seconds);
    clock.Stop();
    long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    double filesPerSecond = done / clock.Elapsed.TotalSeconds;
    ourFilesPerSecond = Math.Max(ourFilesPerSecond, filesPerSecond);

    Console.WriteLine();
    Console.WriteLine($"Serverless.Dicom ({name})  files={done} seconds={clock.Elapsed.TotalSeconds:F3}");
    Console.WriteLine($"  files/s                {filesPerSecond,12:F0}");
    Console.WriteLine($"  MB/s (file bytes)      {bytesDone / clock.Elapsed.TotalSeconds / 1e6,12:F1}");
    Console.WriteLine($"  bytes allocated/file   {allocated / (double)done,12:F0}");
    Console.WriteLine($"  gen0 GCs               {GC.CollectionCount(0) - gen0Before,12}");
    Console.WriteLine($"  DICOM JSON per pass    {jsonBytes / 1e3,12:F1} kB");
}
Console.WriteLine($"peak working set         {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6,12:F1} MB");

if (!runPydicom) return 0;
python ??= PythonLocator.FindWithPydicom();
if (python is null)
{
    Console.WriteLine("\npydicom baseline skipped: no python3 with pydicom found (Debian: apt-get install python3-pydicom; or --python PATH).");
    return 0;
}

Console.WriteLine($"\npydicom baseline ({python}), same files, {seconds:F0} s per mode:");
var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pydicom_baseline.py"));
psi.ArgumentList.Add(seconds.ToString(CultureInfo.InvariantCulture));
foreach (string f in files) psi.ArgumentList.Add(f);
using Process py = Process.Start(psi)!;
string? line;
while ((line = await py.StandardOutput.ReadLineAsync()) is not null)
{
    Console.WriteLine("  " + line);
    Dictionary<string, string> fields = line.Split(' ').Where(p => p.Contains('='))
        .ToDictionary(p => p[..p.IndexOf('=')], p => p[(p.IndexOf('=') + 1)..]);
    if (fields.TryGetValue("files_per_s", out string? fps))
    {
        double theirs = double.Parse(fps, CultureInfo.InvariantCulture);
        Console.WriteLine($"    ours / pydicom {line[..line.IndexOf(' ')]}: {ourFilesPerSecond / theirs:F1}x");
    }
}
await py.WaitForExitAsync();
return py.ExitCode;

internal static class SampleLocator
{
    public static string Find() => Serverless.Testing.SharedSamples.Root;

    /// <summary>Every file the MANIFEST lists outside malformed/.</summary>
    public static string[] WellFormedFiles(string root)
    {
        string[] lines = File.ReadAllLines(Path.Combine(root, "MANIFEST.tsv"));
        int path = Array.IndexOf(lines[0].Split('\t'), "path");
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')[path])
            .Where(p => !p.StartsWith("malformed/", StringComparison.Ordinal))
            .Select(p => Path.Combine(root, p)).ToArray();
    }
}

internal static class PythonLocator
{
    public static string? FindWithPydicom()
    {
        foreach (string? candidate in new[] { Environment.GetEnvironmentVariable("PYDICOM_PYTHON"), "/usr/bin/python3", "python3" })
        {
            if (string.IsNullOrEmpty(candidate)) continue;
            try
            {
                var psi = new ProcessStartInfo(candidate, "-c \"import pydicom\"") { RedirectStandardError = true, UseShellExecute = false };
                using Process p = Process.Start(psi)!;
                p.WaitForExit();
                if (p.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return null;
    }
}
