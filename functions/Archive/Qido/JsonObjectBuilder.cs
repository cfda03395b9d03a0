using System.Text.Json;
using Serverless.Dicom;

namespace Serverless.Archive.Qido;

/// <summary>
/// Merges stored DICOM JSON fragments and computed attributes into one object, written in tag order
/// (PS3.18 §F.2: attributes are ordered by tag).
/// </summary>
internal sealed class JsonObjectBuilder
{
    private readonly SortedDictionary<string, Action<Utf8JsonWriter>> _attributes = new(StringComparer.Ordinal);
    private readonly List<JsonDocument> _documents = [];

    /// <summary>Adds the attributes of a stored JSON object; <paramref name="include"/> filters them (null = all).</summary>
    public void AddStored(string? json, Func<string, bool>? include = null)
    {
        if (string.IsNullOrEmpty(json)) return;
        JsonDocument doc = JsonDocument.Parse(json);
        _documents.Add(doc);
        foreach (JsonProperty p in doc.RootElement.EnumerateObject())
        {
            if (include is not null && !include(p.Name)) continue;
            JsonProperty captured = p;
            _attributes[p.Name] = w => captured.WriteTo(w);
        }
    }

    public void AddString(DicomTag tag, string vr, string value) => _attributes[tag.ToJsonKey()] = w =>
    {
        w.WriteStartObject(tag.ToJsonKey());
        w.WriteString("vr", vr);
        w.WriteStartArray("Value");
        w.WriteStringValue(value);
        w.WriteEndArray();
        w.WriteEndObject();
    };

    public void AddStrings(DicomTag tag, string vr, IEnumerable<string> values) => _attributes[tag.ToJsonKey()] = w =>
    {
        w.WriteStartObject(tag.ToJsonKey());
        w.WriteString("vr", vr);
        w.WriteStartArray("Value");
        foreach (string v in values) w.WriteStringValue(v);
        w.WriteEndArray();
        w.WriteEndObject();
    };

    public void AddNumber(DicomTag tag, string vr, long value) => _attributes[tag.ToJsonKey()] = w =>
    {
        w.WriteStartObject(tag.ToJsonKey());
        w.WriteString("vr", vr);
        w.WriteStartArray("Value");
        w.WriteNumberValue(value);
        w.WriteEndArray();
        w.WriteEndObject();
    };

    /// <summary>Adds an attribute with no value (asked for by includefield but not present).</summary>
    public void AddEmptyIfMissing(DicomTag tag, string vr)
    {
        string key = tag.ToJsonKey();
        if (_attributes.ContainsKey(key)) return;
        _attributes[key] = w => { w.WriteStartObject(key); w.WriteString("vr", vr); w.WriteEndObject(); };
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (Action<Utf8JsonWriter> write in _attributes.Values) write(writer);
        writer.WriteEndObject();
        foreach (JsonDocument d in _documents) d.Dispose();
        _documents.Clear();
    }
}
