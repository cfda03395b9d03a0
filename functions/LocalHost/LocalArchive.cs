using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Serverless.Archive;
using Serverless.Functions;

namespace Serverless.LocalHost;

/// <summary>The whole archive on a laptop: the function classes over Kestrel, against Azurite or a real storage account.</summary>
public static class LocalArchive
{
    public sealed record Settings(string ConnectionString, int Port, string Host = "127.0.0.1", bool QuietLogs = false);

    public static WebApplication Build(Settings settings, string[]? args = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ArchiveStorage"] = settings.ConnectionString });
        // An admin's console shows warnings and errors (a blob that could not be indexed, say), not a line per request.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (!settings.QuietLogs) builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // The SDK logs expected answers such as 409 "container already exists" as warnings; our code reports real failures.
        builder.Logging.AddFilter("Azure", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;   // STOW-RS bodies are whole studies; parts are streamed to disk
            k.Listen(System.Net.IPAddress.Parse(settings.Host), settings.Port);
        });
        builder.Services.AddDicomArchive(builder.Configuration);
        builder.Services.AddHostedService<BlobIndexPoller>();

        WebApplication app = builder.Build();
        app.MapFunctions(typeof(StowFunctions).Assembly);
        return app;
    }

    /// <summary>The address Kestrel actually listens on (useful with port 0).</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
