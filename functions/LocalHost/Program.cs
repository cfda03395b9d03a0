using Serverless.LocalHost;

// The archive on a laptop: Azurite (data kept in ./.azurite) + the function classes over Kestrel.
// Usage: dotnet run --project functions/LocalHost -- [--port 7071] [--connection-string "<Azure Storage connection string>"] [--data DIR] [--load DIR]
int port = 7071;
string? connectionString = Environment.GetEnvironmentVariable("ARCHIVE_STORAGE_CONNECTION_STRING");
string? data = null;
string? load = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out int p): port = p; i++; break;
        case "--connection-string" when i + 1 < args.Length: connectionString = args[++i]; break;
        case "--data" when i + 1 < args.Length: data = args[++i]; break;
        case "--load" when i + 1 < args.Length: load = args[++i]; break;
        case "--help" or "-h":
            Console.WriteLine("Options: --port N (default 7071), --connection-string \"...\" (use a real Azure Storage account instead of Azurite), --data DIR (Azurite data folder, default .azurite), --load DIR (STOW every file under DIR once started)");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Try --help.");
            return 2;
    }
}

AzuriteProcess? azurite = null;
if (string.IsNullOrEmpty(connectionString))
{
    data ??= Path.Combine(RepositoryRoot.Find(), ".azurite");
    Console.WriteLine($"Starting Azurite (data in {data}) ...");
    azurite = await AzuriteProcess.StartAsync(data, Console.Out);
    connectionString = azurite.ConnectionString;
    Console.WriteLine($"Azurite blob http://127.0.0.1:{azurite.BlobPort}, table http://127.0.0.1:{azurite.TablePort}");
}
else
{
    Console.WriteLine("Using the storage account from the connection string.");
}

try
{
    WebApplication app = LocalArchive.Build(new LocalArchive.Settings(connectionString, port));
    try
    {
        await app.StartAsync();
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"Cannot listen on http://127.0.0.1:{port}: {e.Message} Is the archive already running? Choose another port with --port N.");
        return 1;
    }
    string root = $"http://127.0.0.1:{port}/dicomweb";
    Console.WriteLine($$"""

        DICOM archive is running.
          DICOMweb root: {{root}}

          Upload a file:   curl -X POST -H "Content-Type: application/dicom" --data-binary @file.dcm {{root}}/studies
          Search studies:  curl "{{root}}/studies?PatientID=..."
          Retrieve:        curl -H 'Accept: multipart/related; type="application/dicom"; transfer-syntax=*' {{root}}/studies/<StudyInstanceUID> -o study.multipart
          Metadata:        curl {{root}}/studies/<StudyInstanceUID>/metadata
          Share link:      curl -X POST -H "Content-Type: application/json" -d '{"study":"<StudyInstanceUID>","expiresInMinutes":60}' http://127.0.0.1:{{port}}/links

        Press Ctrl+C to stop.
        """);
    if (load is not null) await SampleLoader.LoadAsync(new Uri($"http://127.0.0.1:{port}/"), load, Console.Out);
    await app.WaitForShutdownAsync();
}
finally
{
    if (azurite is not null) await azurite.DisposeAsync();
}
return 0;
