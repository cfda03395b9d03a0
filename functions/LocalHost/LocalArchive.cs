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
        // Routing answers an unknown route (404) or method (405) with an empty body; clients get problem+json
        // with a readable detail from every answer, as from the functions themselves.
        app.UseStatusCodePages(context =>
        {
            HttpContext http = context.HttpContext;
            string detail = http.Response.StatusCode switch
            {
                404 => $"There is nothing at {http.Request.Path}. The DICOMweb root is /dicomweb (studies, series, instances, metadata); share links are POST /links.",
                405 => $"{http.Request.Method} is not supported on {http.Request.Path}.",
                _ => "The request cannot be answered.",
            };
            return new Serverless.Archive.Http.ProblemResult(http.Response.StatusCode, detail)
                .ExecuteResultAsync(new Microsoft.AspNetCore.Mvc.ActionContext { HttpContext = http });
        });
        app.MapFunctions(typeof(StowFunctions).Assembly);
        return app;
    }

    /// <summary>The address Kestrel actually listens on (useful with port 0).</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
