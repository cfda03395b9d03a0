using System.Text;
using System.Text.Json;

namespace Serverless.Dicom.Tests;

/// <summary>DICOM JSON (PS3.18 Annex F) details on hand-made datasets.</summary>
public class JsonWriterTests
{
    private static DicomDataset Dataset(Action<DicomBytes> build)
    {
        DicomBytes b = DicomBytes.File("1.2.840.10008.1.2.1");
        build(b);
        return DicomFile.Parse(b.ToArray()).Dataset;
    }

    private static string Json(DicomDataset ds, DicomJsonWriterOptions? options = null, Func<DicomTag, bool>? include = null)
    {
        string json = Encoding.UTF8.GetString(DicomJsonWriter.SerializeToUtf8Bytes(ds, options, include));
        using var _ = JsonDocument.Parse(json); // always valid JSON
        return json;
    }

    [Theory]
    [InlineData("IS", "42", "[42]")]
    [InlineData("IS", " -7 ", "[-7]")]
    [InlineData("IS", "+5\\007", "[5,7]")]
    [InlineData("IS", "1A", "[\"1A\"]")] // not a number: kept as text (see DicomJsonWriter remarks)
    [InlineData("IS", "1\\\\3", "[1,null,3]")]
    [InlineData("DS", "-544.20001\\1.0E+02", "[-544.20001,1.0E+02]")] // valid JSON numbers keep their digits
    [InlineData("DS", ".5\\5.\\+1", "[0.5,5,1]")] // valid DS, not valid JSON: normalised
    [InlineData("DS", "NaN", "[\"NaN\"]")]
    public void IS_and_DS_are_numbers_and_never_invalid_JSON(string vr, string value, string expected)
    {
        string json = Json(Dataset(b => b.Explicit(vr == "IS" ? 0x00200013u : 0x00281050u, vr, value)));
        Assert.Contains($"\"Value\":{expected}", json);
    }

    [Fact]
    public void Empty_values_have_only_vr_and_empty_parts_of_multi_valued_ones_are_null()
    {
        string json = Json(Dataset(b => b
            .Explicit(0x00080008, "CS", "ORIGINAL\\\\AXIAL")
            .Explicit(0x00080020, "DA", "")
            .Explicit(0x00100010, "PN", "")
            .Explicit(0x00100020, "LO", "  ")
            .Explicit(0x00181160, "SH", "\\")));
        Assert.Contains("\"00080008\":{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",null,\"AXIAL\"]}", json);
        Assert.Contains("\"00080020\":{\"vr\":\"DA\"}", json);
        Assert.Contains("\"00100010\":{\"vr\":\"PN\"}", json);
        Assert.Contains("\"00100020\":{\"vr\":\"LO\"}", json);
        Assert.Contains("\"00181160\":{\"vr\":\"SH\",\"Value\":[null,null]}", json);
    }

    [Fact]
    public void Person_names_are_objects_with_component_groups()
    {
        string json = Json(Dataset(b => b
            .Explicit(0x00080005, "CS", "ISO_IR 192")
            .Explicit(0x00100010, "PN", Encoding.UTF8.GetBytes("Wang^XiaoDong=王^小東="))
            .Explicit(0x00081060, "PN", "A^B\\\\=C")));
        Assert.Contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Wang^XiaoDong\",\"Ideographic\":\"王^小東\"}]}", json);
        Assert.Contains("\"00081060\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"A^B\"},null,{\"Ideographic\":\"C\"}]}", json);
    }

    [Fact]
    public void Binary_numbers_AT_and_non_finite_floats()
    {
        string json = Json(Dataset(b => b
            .Explicit(0x00181310, "US", [1, 0, 2, 0])
            .Explicit(0x00209165, "AT", [0x20, 0x00, 0x32, 0x00, 0x08, 0x00, 0x18, 0x00])
            .Explicit(0x00189087, "FD", BitConverter.GetBytes(double.PositiveInfinity))
            .Explicit(0x00189219, "SS", BitConverter.GetBytes((short)-3))
            .Explicit(0x00186030, "UL", BitConverter.GetBytes(4000000000u))
            .Explicit(0x00720078, "FL", BitConverter.GetBytes(0.5f))));
        Assert.Contains("\"00181310\":{\"vr\":\"US\",\"Value\":[1,2]}", json);
        Assert.Contains("\"00209165\":{\"vr\":\"AT\",\"Value\":[\"00200032\",\"00080018\"]}", json);
        Assert.Contains("\"00189087\":{\"vr\":\"FD\",\"Value\":[\"Infinity\"]}", json);
        Assert.Contains("\"00189219\":{\"vr\":\"SS\",\"Value\":[-3]}", json);
        Assert.Contains("\"00186030\":{\"vr\":\"UL\",\"Value\":[4000000000]}", json);
        Assert.Contains("\"00720078\":{\"vr\":\"FL\",\"Value\":[0.5]}", json);
    }

    [Fact]
    public void Subnormal_FL_keeps_its_value_when_read_as_double()
    {
        // pydicom's test_files/dicomdirtests/77654033/CT2/17106 has FL (0045,1002) = 2^-149, the smallest
        // subnormal; its shortest float digits "1E-45" would read back as a double 29% off.
        float smallest = float.Epsilon;
        string json = Json(Dataset(b => b.Explicit(0x00720078, "FL", [.. BitConverter.GetBytes(smallest), .. BitConverter.GetBytes(2 * smallest)])));
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement[] values = doc.RootElement.GetProperty("00720078").GetProperty("Value").EnumerateArray().ToArray();
        Assert.Equal((double)smallest, values[0].GetDouble());
        Assert.Equal((double)(2 * smallest), values[1].GetDouble());
    }

    [Fact]
    public void Binary_values_are_inline_up_to_the_threshold_then_bulk_data_uris_with_their_path()
    {
        DicomDataset ds = Dataset(b => b
            .Header(0x00081140, "SQ", DicomBytes.Undefined).Item()
            .Explicit(0x00291010, "OB", new byte[8])
            .Explicit(0x00291011, "OB", new byte[100])
            .ItemEnd().SequenceEnd()
            .Explicit(0x7FE00010, "OW", new byte[4]));
        var paths = new List<string>();
        string json = Json(ds, new DicomJsonWriterOptions
        {
            InlineBinaryThreshold = 16,
            BulkDataUriFactory = (path, element) => { paths.Add(path); return "https://x/" + path; },
        });
        Assert.Contains("\"00291010\":{\"vr\":\"OB\",\"InlineBinary\":\"AAAAAAAAAAA=\"}", json);
        Assert.Contains("\"00291011\":{\"vr\":\"OB\",\"BulkDataURI\":\"https://x/00081140/0/00291011\"}", json);
        Assert.Contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"https://x/7FE00010\"}", json); // Pixel Data: always bulk
        Assert.Equal(["00081140/0/00291011", "7FE00010"], paths);

        string withoutFactory = Json(ds, new DicomJsonWriterOptions { InlineBinaryThreshold = 16 });
        Assert.Contains("\"7FE00010\":{\"vr\":\"OW\"}", withoutFactory);
    }

    [Fact]
    public void Include_filters_top_level_elements_only()
    {
        DicomDataset ds = Dataset(b => b
            .Explicit(0x00100010, "PN", "A^B")
            .Header(0x00081140, "SQ", DicomBytes.Undefined).Item().Explicit(0x00100010, "PN", "C^D").ItemEnd().SequenceEnd());
        string json = Json(ds, include: t => t.Value == 0x00081140);
        Assert.Equal("{\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"C^D\"}]}}]}}", json);
    }

    [Fact]
    public void WriteDataset_writes_into_a_callers_writer()
    {
        DicomDataset ds = Dataset(b => b.Explicit(0x00080060, "CS", "MR"));
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            DicomJsonWriter.WriteDataset(writer, ds);
            DicomJsonWriter.WriteDataset(writer, ds);
            writer.WriteEndArray();
        }
        Assert.Equal("[{\"00080060\":{\"vr\":\"CS\",\"Value\":[\"MR\"]}},{\"00080060\":{\"vr\":\"CS\",\"Value\":[\"MR\"]}}]", Encoding.UTF8.GetString(stream.ToArray()));
    }
}
