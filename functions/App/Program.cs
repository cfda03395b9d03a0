using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Archive;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddDicomArchive(builder.Configuration);
// STOW-RS bodies are whole studies; the worker's Kestrel would stop at 30,000,000 bytes. Archive:MaxRequestBodyBytes
// (in Azure the same number as the host's FUNCTIONS_REQUEST_BODY_SIZE_LIMIT) bounds it; unset, the host's limit alone applies.
builder.Services.AddOptions<KestrelServerOptions>()
    .Configure<IOptions<ArchiveOptions>>((kestrel, archive) => kestrel.Limits.MaxRequestBodySize = archive.Value.MaxRequestBodyBytes);
builder.Build().Run();
