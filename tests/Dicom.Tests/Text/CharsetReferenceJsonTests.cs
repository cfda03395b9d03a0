using System.Text.Json;

namespace Serverless.Dicom.Tests.Text;

/// <summary>
/// Decodes every text element of the charset samples from its raw bytes and compares it with the reference JSON
/// (pydicom's DICOM JSON model of the same file). Sequence items that declare their own Specific Character Set use
/// it; the others inherit their parent's (PS3.5 §7.5.3).
/// </summary>
public sealed class CharsetReferenceJsonTests
{
    // Numbers are JSON numbers in the reference and belong to the number layer; binary and AT values are not text.
    private static readonly HashSet<string> TextVrs = ["AE", "AS", "CS", "DA", "DT", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"];

    public static TheoryData<string> Files() => [.. CharsetSampleFiles.FilesWithReference()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Text_values_match_reference_json(string fileName)
    {
        var dataset = CharsetSampleFiles.ReadDataset(fileName);
        using var reference = JsonDocument.Parse(File.ReadAllBytes(CharsetSampleFiles.ReferencePath(fileName)));

        var compared = CompareDataset(dataset, reference.RootElement, CharacterSetOf(dataset, DicomCharacterSet.Default), "");

        Assert.True(compared > 0, "no text element was compared");
    }

    [Fact]
    public void Every_sample_file_with_a_reference_is_covered()
    {
        var files = CharsetSampleFiles.FilesWithReference().ToArray();

        Assert.Contains("chrH32.dcm", files);
        Assert.Contains("chrX2.dcm", files);
        Assert.Contains("chrSQEncoding.dcm", files);
        Assert.True(files.Length >= 14, $"only {files.Length} charset samples found");
    }

    private static DicomCharacterSet CharacterSetOf(IReadOnlyDictionary<uint, CharsetSampleElement> dataset, DicomCharacterSet inherited) =>
        dataset.TryGetValue(0x00080005, out var element) ? DicomCharacterSet.FromSpecificCharacterSet(element.Value) : inherited;

    private static int CompareDataset(IReadOnlyDictionary<uint, CharsetSampleElement> dataset, JsonElement json, DicomCharacterSet characterSet, string path)
    {
        var compared = 0;
        foreach (var property in json.EnumerateObject())
        {
            var tag = Convert.ToUInt32(property.Name, 16);
            var tagPath = $"{path}{property.Name}";
            var vr = property.Value.GetProperty("vr").GetString()!;
            if (vr != "SQ" && !TextVrs.Contains(vr)) continue;
            Assert.True(dataset.TryGetValue(tag, out var element), $"{tagPath} missing from the sample parse");

            if (vr == "SQ")
            {
                var items = property.Value.TryGetProperty("Value", out var itemArray) ? itemArray.EnumerateArray().ToArray() : [];
                Assert.Equal(items.Length, element!.Items.Count);
                for (var i = 0; i < items.Length; i++)
                {
                    var item = element.Items[i];
                    compared += CompareDataset(item, items[i], CharacterSetOf(item, characterSet), $"{tagPath}/{i}/");
                }

                continue;
            }

            var dicomVr = (DicomVR)(vr[0] << 8 | vr[1]);
            var expected = property.Value.TryGetProperty("Value", out var values) ? values.EnumerateArray().ToArray() : [];

            if (dicomVr == DicomVR.PN)
            {
                var names = characterSet.DecodePersonNames(element!.Value);
                Assert.True(expected.Length == names.Length, $"{tagPath}: {expected.Length} values expected, got {names.Length}");
                for (var i = 0; i < names.Length; i++)
                {
                    Assert.Equal(Group(expected[i], "Alphabetic"), names[i].Alphabetic);
                    Assert.Equal(Group(expected[i], "Ideographic"), names[i].Ideographic);
                    Assert.Equal(Group(expected[i], "Phonetic"), names[i].Phonetic);
                }
            }
            else
            {
                var decoded = characterSet.DecodeValues(element!.Value, dicomVr);
                Assert.Equal(expected.Select(v => v.ValueKind == JsonValueKind.Null ? "" : v.GetString()), decoded);
            }

            compared++;
        }

        return compared;
    }

    private static string? Group(JsonElement name, string group) =>
        name.ValueKind == JsonValueKind.Object && name.TryGetProperty(group, out var value) ? value.GetString() : null;
}
