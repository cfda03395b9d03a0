using System.Text.Json;

namespace Serverless.Archive.Tests;

/// <summary>
/// Compares DICOM JSON from the archive with the reference JSON from an independent toolkit, element by element.
/// BulkDataURI values are compared by presence only (the reference's URIs are placeholders); numbers numerically.
/// </summary>
public static class ReferenceJsonComparer
{
    public static List<string> Compare(JsonElement expected, JsonElement actual, Func<string, string?> allowedDifference, string path = "")
    {
        var diffs = new List<string>();
        CompareDatasets(expected, actual, path, diffs, allowedDifference);
        return diffs;
    }

    private static void CompareDatasets(JsonElement expected, JsonElement actual, string path, List<string> diffs, Func<string, string?> allowed)
    {
        var seen = new HashSet<string>();
        foreach (JsonProperty e in expected.EnumerateObject())
        {
            string here = path.Length == 0 ? e.Name : path + "/" + e.Name;
            seen.Add(e.Name);
            if (allowed(here) is not null) continue;
            if (!actual.TryGetProperty(e.Name, out JsonElement a)) { diffs.Add($"{here}: missing"); continue; }
            CompareElements(e.Value, a, here, diffs, allowed);
        }
        foreach (JsonProperty a in actual.EnumerateObject())
        {
            string here = path.Length == 0 ? a.Name : path + "/" + a.Name;
            if (!seen.Contains(a.Name) && allowed(here) is null) diffs.Add($"{here}: not in the reference");
        }
    }

    private static void CompareElements(JsonElement e, JsonElement a, string path, List<string> diffs, Func<string, string?> allowed)
    {
        string evr = e.GetProperty("vr").GetString()!, avr = a.TryGetProperty("vr", out JsonElement v) ? v.GetString()! : "?";
        if (evr != avr && allowed(path + ":vr") is null) diffs.Add($"{path}: vr {avr}, reference {evr}");
        bool eBulk = e.TryGetProperty("BulkDataURI", out _), aBulk = a.TryGetProperty("BulkDataURI", out _);
        if (eBulk || aBulk)
        {
            if (eBulk != aBulk) diffs.Add($"{path}: BulkDataURI {(aBulk ? "present" : "absent")}, reference {(eBulk ? "present" : "absent")}");
            return;
        }
        if (e.TryGetProperty("InlineBinary", out JsonElement eb))
        {
            if (!a.TryGetProperty("InlineBinary", out JsonElement ab)) diffs.Add($"{path}: InlineBinary missing");
            else if (!Convert.FromBase64String(eb.GetString()!).AsSpan().SequenceEqual(Convert.FromBase64String(ab.GetString()!))) diffs.Add($"{path}: InlineBinary differs");
            return;
        }
        bool eHas = e.TryGetProperty("Value", out JsonElement ev), aHas = a.TryGetProperty("Value", out JsonElement av);
        if (!eHas || !aHas)
        {
            if (eHas != aHas && !(eHas && ev.GetArrayLength() == 0) && !(aHas && av.GetArrayLength() == 0))
                diffs.Add($"{path}: Value {(aHas ? "present" : "absent")}, reference {(eHas ? "present" : "absent")}");
            return;
        }
        if (ev.GetArrayLength() != av.GetArrayLength()) { diffs.Add($"{path}: {av.GetArrayLength()} values, reference {ev.GetArrayLength()}"); return; }
        for (int i = 0; i < ev.GetArrayLength(); i++)
        {
            JsonElement x = ev[i], y = av[i];
            if (evr == "SQ") { CompareDatasets(x, y, $"{path}/{i}", diffs, allowed); continue; }
            if (!SameValue(x, y)) diffs.Add($"{path}[{i}]: {Show(y)}, reference {Show(x)}");
        }
    }

    private static bool SameValue(JsonElement x, JsonElement y)
    {
        if (x.ValueKind == JsonValueKind.Number && y.ValueKind == JsonValueKind.Number)
        {
            double a = x.GetDouble(), b = y.GetDouble();
            return a == b || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
        }
        if (x.ValueKind == JsonValueKind.Object && y.ValueKind == JsonValueKind.Object)
        {
            // Person Name groups: compare the groups the reference has; empty groups count as absent.
            var xs = x.EnumerateObject().Where(p => p.Value.GetString() is { Length: > 0 }).ToDictionary(p => p.Name, p => p.Value.GetString());
            var ys = y.EnumerateObject().Where(p => p.Value.GetString() is { Length: > 0 }).ToDictionary(p => p.Name, p => p.Value.GetString());
            return xs.Count == ys.Count && xs.All(kv => ys.TryGetValue(kv.Key, out string? s) && s == kv.Value);
        }
        return x.ValueKind == y.ValueKind && x.ToString() == y.ToString();
    }

    private static string Show(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "null" : e.GetRawText();
}
