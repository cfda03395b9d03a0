using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Archive;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddDicomArchive(builder.Configuration);
// STOW-RS bodies are whole studies; the worker's Kestrel would stop at 30,000,000 bytes.
builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = null);
builder.Build().Run();
