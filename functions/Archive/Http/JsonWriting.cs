using System.Text.Encodings.Web;
using System.Text.Json;

namespace Serverless.Archive.Http;

internal static class JsonWriting
{
    /// <summary>
    /// Writer options for every JSON the archive emits: names in Japanese, Greek or Chinese stay readable UTF-8
    /// instead of \u escapes (still valid JSON; the answers are never embedded in HTML).
    /// </summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
