namespace Serverless.Dicom.Tests;

/// <summary>The generated dictionary against the PS3.6 tables it was generated from.</summary>
public class DictionaryTests
{
    private static string DictionaryDir => Serverless.Testing.SharedSamples.DictionaryRoot;

    [Fact]
    public void Every_row_of_tags_tsv_is_in_the_generated_dictionary()
    {
        // Guards against a stale generated file: re-run Dictionary/Generator/GenerateDictionary.cs when this fails.
        string[][] rows = File.ReadLines(Path.Combine(DictionaryDir, "tags.tsv")).Skip(1).Select(l => l.Split('\t')).ToArray();
        var exact = rows.Select(r => r[0]).Where(t => !t.Contains('x')).ToHashSet();
        int checkedRows = 0;
        foreach (string[] cells in rows)
        {
            string pattern = cells[0];
            // A repeating-group row is checked at an instance that no exact row claims (e.g. 002804x0 at 00280410).
            string instance = pattern.Contains('x')
                ? "2468ACE".Select(d => pattern.Replace('x', d)).First(t => !exact.Contains(t))
                : pattern;
            var tag = new DicomTag(Convert.ToUInt32(instance, 16));
            Assert.True(DicomDictionary.TryGetEntry(tag, out DicomDictionaryEntry entry), instance);
            Assert.Equal(cells[3], entry.Keyword);
            Assert.Equal(cells[4], entry.Name);
            Assert.Equal(cells[2], entry.ValueMultiplicity);
            Assert.Equal(cells[5] == "Y", entry.IsRetired);
            string vr = cells[1];
            if (vr.Length == 2) Assert.Equal(vr, entry.VR.ToText());
            else if (vr == "NONE") Assert.Equal(DicomVR.None, entry.VR);
            else Assert.NotEqual(DicomVRAmbiguity.None, entry.Ambiguity);
            checkedRows++;
        }
        Assert.True(checkedRows > 4900);
    }

    [Theory]
    [InlineData(0x00100010u, "PN", "PatientName")]
    [InlineData(0x60023000u, "OW", "OverlayData")] // repeating group 60xx, OB or OW
    [InlineData(0x501E200Cu, "OW", "AudioSampleData")]
    [InlineData(0x10000230u, "US", "EscapeTriplet")] // 1000xxx0
    [InlineData(0x002031A5u, "CS", "SourceImageIDs")] // 002031xx
    [InlineData(0x00090010u, "LO", "PrivateCreator")]
    [InlineData(0x00430000u, "UL", "GroupLength")]
    [InlineData(0x7FE00010u, "OW", "PixelData")]
    public void Lookups_handle_repeating_groups_private_creators_and_group_lengths(uint tag, string vr, string keyword)
    {
        Assert.True(DicomDictionary.TryGetEntry(new DicomTag(tag), out DicomDictionaryEntry entry));
        Assert.Equal(vr, entry.VR.ToText());
        Assert.Equal(keyword, entry.Keyword);
    }

    [Fact]
    public void Unknown_and_private_data_elements_are_not_in_the_dictionary()
    {
        Assert.False(DicomDictionary.TryGetEntry(new DicomTag(0x0009, 0x1001), out _));
        Assert.False(DicomDictionary.TryGetEntry(new DicomTag(0x0008, 0x0002), out _));
        Assert.Equal(DicomVR.UN, DicomDictionary.GetImplicitVR(0x00091001, out _));
        Assert.Equal(DicomVR.LO, DicomDictionary.GetImplicitVR(0x002900FF, out _));
        Assert.Equal(DicomVR.US, DicomDictionary.GetImplicitVR(0x00280106, out DicomVRAmbiguity ambiguity));
        Assert.Equal(DicomVRAmbiguity.UsOrSs, ambiguity);
    }

    [Fact]
    public void Keywords_map_to_tags()
    {
        Assert.True(DicomDictionary.TryGetTag("StudyInstanceUID", out DicomTag tag));
        Assert.Equal(DicomTag.StudyInstanceUID, tag);
        Assert.False(DicomDictionary.TryGetTag("NoSuchKeyword", out _));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2", false, false, false, false)]
    [InlineData("1.2.840.10008.1.2.1", true, false, false, false)]
    [InlineData("1.2.840.10008.1.2.1.99", true, false, true, false)]
    [InlineData("1.2.840.10008.1.2.2", true, true, false, false)]
    [InlineData("1.2.840.10008.1.2.4.50", true, false, false, true)]
    [InlineData("1.2.840.10008.1.2.4.201", true, false, false, true)] // HTJ2K: newer than the tables, still encapsulated
    public void Transfer_syntaxes_know_their_encoding(string uid, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated)
    {
        DicomTransferSyntax ts = DicomTransferSyntax.FromUid(uid);
        Assert.Equal(explicitVR, ts.IsExplicitVR);
        Assert.Equal(bigEndian, ts.IsBigEndian);
        Assert.Equal(deflated, ts.IsDeflated);
        Assert.Equal(encapsulated, ts.IsEncapsulated);
    }

    [Fact]
    public void The_UID_registry_has_every_row_of_uids_tsv()
    {
        string[] rows = File.ReadLines(Path.Combine(DictionaryDir, "uids.tsv")).Skip(1).Where(l => l.Length > 0).ToArray();
        Assert.Equal(rows.Length, DicomUids.All.Count);
        Assert.True(DicomUids.TryGetInfo("1.2.840.10008.1.2.4.50", out DicomUidInfo info));
        Assert.Equal("JPEG Baseline (Process 1)", info.Name);
        Assert.Equal("Transfer Syntax", info.Type);
        Assert.True(DicomUids.TryGetInfo("1.2.840.10008.5.1.4.1.1.2", out info));
        Assert.Equal("CTImageStorage", info.Keyword);
        Assert.True(DicomTransferSyntax.FromUid("1.2.840.10008.1.2.2").IsKnown);
    }
}
