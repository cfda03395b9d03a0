using System.Globalization;
using System.Text.Json;

namespace Serverless.Dicom.Tests;

/// <summary>One difference between our DICOM JSON and a reference, at a path like "00081140/0/00081150".</summary>
/// <param name="Expected">The reference's element object (or null when the element is missing there).</param>
/// <param name="Actual">Our element object (or null when missing in ours).</param>
internal sealed record JsonDifference(string Path, string Message, JsonElement? Expected = null, JsonElement? Actual = null)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Compares two DICOM JSON datasets element by element: numbers numerically, a BulkDataURI is equal to any
/// other BulkDataURI (the reference's are placeholders).</summary>
internal static class DicomJsonComparer
{
    public static List<JsonDifference> Compare(JsonElement expected, JsonElement actual)
    {
        var differences = new List<JsonDifference>();
        CompareDataset(expected, actual, "", differences);
        return differences;
    }

    private static void CompareDataset(JsonElement expected, JsonElement actual, string prefix, List<JsonDifference> diffs)
    {
        var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var actualKeys = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string key in expectedKeys.Order(StringComparer.Ordinal))
        {
            string path = prefix + key;
            if (!actualKeys.Contains(key)) diffs.Add(new(path, "missing in ours", expected.GetProperty(key), null));
            else CompareElement(expected.GetProperty(key), actual.GetProperty(key), path, diffs);
        }
        foreach (string key in actualKeys.Except(expectedKeys).Order(StringComparer.Ordinal))
            diffs.Add(new(prefix + key, "extra in ours: " + Short(actual.GetProperty(key)), null, actual.GetProperty(key)));
    }

    private static void CompareElement(JsonElement expected, JsonElement actual, string path, List<JsonDifference> diffs)
    {
        string? expectedVr = Get(expected, "vr")?.GetString();
        string? actualVr = Get(actual, "vr")?.GetString();
        if (expectedVr != actualVr) diffs.Add(new(path, $"vr {expectedVr} != {actualVr}", expected, actual));

        JsonElement? eBulk = Get(expected, "BulkDataURI"), aBulk = Get(actual, "BulkDataURI");
        if (eBulk.HasValue != aBulk.HasValue) diffs.Add(new(path, $"BulkDataURI present: {eBulk.HasValue} != {aBulk.HasValue}", expected, actual));

        JsonElement? eInline = Get(expected, "InlineBinary"), aInline = Get(actual, "InlineBinary");
        if (eInline.HasValue != aInline.HasValue) diffs.Add(new(path, $"InlineBinary present: {eInline.HasValue} != {aInline.HasValue}", expected, actual));
        else if (eInline.HasValue && eInline.Value.GetString() != aInline!.Value.GetString()) diffs.Add(new(path, "InlineBinary differs", expected, actual));

        JsonElement? eValue = Get(expected, "Value"), aValue = Get(actual, "Value");
        if (eValue.HasValue != aValue.HasValue)
        {
            diffs.Add(new(path, $"Value present: {Short(expected)} != {Short(actual)}", expected, actual));
            return;
        }
        if (!eValue.HasValue) return;
        JsonElement[] e = eValue.Value.EnumerateArray().ToArray(), a = aValue!.Value.EnumerateArray().ToArray();
        if (e.Length != a.Length)
        {
            diffs.Add(new(path, $"{e.Length} values != {a.Length}: {Short(eValue.Value)} != {Short(aValue.Value)}", expected, actual));
            return;
        }
        for (int i = 0; i < e.Length; i++)
        {
            if (expectedVr == "SQ" && e[i].ValueKind == JsonValueKind.Object && a[i].ValueKind == JsonValueKind.Object)
                CompareDataset(e[i], a[i], $"{path}/{i}/", diffs);
            else if (!ValueEquals(e[i], a[i]))
                diffs.Add(new(path, $"value {i}: {Short(e[i])} != {Short(a[i])}", expected, actual));
        }
    }

    private static bool ValueEquals(JsonElement e, JsonElement a)
    {
        if (e.ValueKind == JsonValueKind.Number && a.ValueKind == JsonValueKind.Number)
        {
            double x = e.GetDouble(), y = a.GetDouble();
            return x == y || Math.Abs(x - y) <= 1e-6 * Math.Max(Math.Abs(x), Math.Abs(y));
        }
        if (e.ValueKind != a.ValueKind) return false;
        return e.ValueKind switch
        {
            JsonValueKind.String => e.GetString() == a.GetString(),
            JsonValueKind.Null => true,
            JsonValueKind.Object => e.EnumerateObject().Count() == a.EnumerateObject().Count()
                && e.EnumerateObject().All(p => a.TryGetProperty(p.Name, out JsonElement v) && ValueEquals(p.Value, v)),
            _ => e.GetRawText() == a.GetRawText(),
        };
    }

    private static JsonElement? Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement v) ? v : null;

    private static string Short(JsonElement element)
    {
        string text = element.GetRawText();
        return text.Length <= 120 ? text : text[..120] + "...";
    }

    public static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
