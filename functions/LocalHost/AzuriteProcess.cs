using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Serverless.LocalHost;

/// <summary>
/// Runs Azurite (the official Azure Storage emulator, installed by the repo's package.json) as a child process
/// on free ports. Installs it with <c>npm ci</c> the first time.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public, documented; local use only).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>Starts Azurite; <paramref name="dataDirectory"/> null keeps everything in memory.</summary>
    public static async Task<AzuriteProcess> StartAsync(string? dataDirectory, TextWriter? log = null, CancellationToken cancellationToken = default, IEnumerable<string>? extraArguments = null)
    {
        string root = RepositoryRoot.Find();
        string azurite = await EnsureInstalledAsync(root, log, cancellationToken);
        // A data folder keeps its ports from one run to the next: share links carry the blob port, and a link
        // made yesterday should still open today. Free ports are chosen the first time (or when those are taken).
        string? portsFile = dataDirectory is null ? null : Path.Combine(dataDirectory, "ports.txt");
        int[] wanted = ReadPorts(portsFile) is { } saved && saved.All(IsFree) ? saved : [0, 0, 0];
        var args = new List<string>
        {
            azurite, "--blobPort", wanted[0].ToString(), "--queuePort", wanted[1].ToString(), "--tablePort", wanted[2].ToString(),
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            // The Azure SDK speaks a newer API version than Azurite 3.37 knows; the calls we make are the same.
            "--skipApiVersionCheck", "--silent", "--disableTelemetry",
        };
        if (extraArguments is not null) args.AddRange(extraArguments);
        if (dataDirectory is null) args.Add("--inMemoryPersistence");
        else
        {
            Directory.CreateDirectory(dataDirectory);
            args.AddRange(["--location", dataDirectory]);
        }
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (string a in args) psi.ArgumentList.Add(a);
        Process process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start node for Azurite.");

        var ports = new Dictionary<string, int>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Match m = ListeningLine().Match(e.Data);
            if (!m.Success) return;
            lock (ports)
            {
                ports[m.Groups[1].Value] = int.Parse(m.Groups[2].Value);
                if (ports.Count == 3) ready.TrySetResult();
            }
        };
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Task exited = process.WaitForExitAsync(cancellationToken);
        Task first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken));
        if (first != ready.Task)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new InvalidOperationException("Azurite did not start: " + errors);
        }
        if (portsFile is not null) await File.WriteAllTextAsync(portsFile, $"{ports["Blob"]} {ports["Queue"]} {ports["Table"]}\n", CancellationToken.None);
        return new AzuriteProcess(process, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <summary>Blob, queue and table ports of an earlier run, or null.</summary>
    private static int[]? ReadPorts(string? path)
    {
        if (path is null || !File.Exists(path)) return null;
        string[] parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int[] ports = parts.Select(p => int.TryParse(p, out int n) && n is > 0 and < 65536 ? n : 0).ToArray();
        return ports.Length == 3 && ports.All(p => p > 0) ? ports : null;
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static async Task<string> EnsureInstalledAsync(string root, TextWriter? log, CancellationToken cancellationToken)
    {
        string entry = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(entry)) return entry;
        // Several test processes may start at once: one installs, the others wait for the lock.
        string lockPath = Path.Combine(root, ".npm-install.lock");
        while (true)
        {
            try
            {
                await using var gate = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                if (File.Exists(entry)) return entry;
                log?.WriteLine("Installing Azurite with npm ci (first run only)...");
                var psi = new ProcessStartInfo("npm") { UseShellExecute = false, WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (string a in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" }) psi.ArgumentList.Add(a);
                using Process npm = Process.Start(psi) ?? throw new InvalidOperationException("Could not start npm.");
                Task<string> stdout = npm.StandardOutput.ReadToEndAsync(cancellationToken);
                Task<string> stderr = npm.StandardError.ReadToEndAsync(cancellationToken);
                await npm.WaitForExitAsync(cancellationToken);
                if (npm.ExitCode != 0 || !File.Exists(entry))
                    throw new InvalidOperationException($"npm ci failed ({npm.ExitCode}): {await stderr}{await stdout}");
                return entry;
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // SIGTERM first: Azurite writes its data folder on a clean shutdown; a kill would lose recent writes.
                if (!OperatingSystem.IsWindows()) _ = SendSignal(_process.Id, 15);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try { await _process.WaitForExitAsync(grace.Token); }
                catch (OperationCanceledException) { }
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at https?://[^:]+:(\d+)")]
    private static partial Regex ListeningLine();
}
