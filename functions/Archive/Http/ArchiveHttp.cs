using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Serverless.Dicom;

namespace Serverless.Archive.Http;

/// <summary>The one mapping from what a service throws to what an HTTP client sees.</summary>
public static class ArchiveHttp
{
    public static async Task<IActionResult> HandleAsync(Func<Task<IActionResult>> action, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ArchiveRequestException e)
        {
            return new ProblemResult(e.StatusCode, e.Message);
        }
        catch (DicomException e)
        {
            return new ProblemResult(StatusCodes.Status400BadRequest, "The DICOM data cannot be read: " + e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new ProblemResult(499, "The client closed the request.");
        }
        catch (RequestFailedException e)
        {
            logger.LogError(e, "Storage request failed with {Status} {ErrorCode}", e.Status, e.ErrorCode);
            return new ProblemResult(StatusCodes.Status503ServiceUnavailable,
                "The archive's storage did not answer as expected; nothing was changed by this failure. Try again shortly.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error");
            return new ProblemResult(StatusCodes.Status500InternalServerError, "The archive met an unexpected error; it has been logged.");
        }
    }
}
