using Serverless.Archive.Indexing;
using Serverless.Dicom;

namespace Serverless.Archive.Qido;

public enum QueryLevel { Study, Series, Instance }

/// <summary>How a key's value is matched (PS3.4 §C.2.2.2).</summary>
public enum MatchKind
{
    /// <summary>List of UIDs (comma or backslash separated), exact match (§C.2.2.2.2).</summary>
    UidList,
    /// <summary>Single value with '*' and '?' wildcards, case-sensitive (§C.2.2.2.1, §C.2.2.2.4).</summary>
    Text,
    /// <summary>Person name with wildcards; matched case-insensitively, as most archives do for names.</summary>
    PersonName,
    /// <summary>Date or range YYYYMMDD-YYYYMMDD, either end optional (§C.2.2.2.5).</summary>
    DateRange,
    /// <summary>Any of the listed values equals one of the entity's values (ModalitiesInStudy).</summary>
    AnyOf,
    /// <summary>An IS value (SeriesNumber, InstanceNumber): equal as integers, so "7" matches "07".</summary>
    Integer,
}

/// <summary>A matching key the index can answer: the attribute, its table column and its lowest level.</summary>
public sealed record MatchKey(string Keyword, DicomTag Tag, string Column, MatchKind Kind, QueryLevel Level)
{
    /// <summary>The keys QIDO-RS accepts (PS3.18 §10.6.1.2.1 plus the common ones).</summary>
    public static readonly IReadOnlyList<MatchKey> All =
    [
        new("StudyInstanceUID", DicomTag.StudyInstanceUID, IndexColumns.StudyInstanceUID, MatchKind.UidList, QueryLevel.Study),
        new("PatientName", DicomTag.PatientName, IndexColumns.PatientName, MatchKind.PersonName, QueryLevel.Study),
        new("PatientID", DicomTag.PatientID, IndexColumns.PatientID, MatchKind.Text, QueryLevel.Study),
        new("PatientBirthDate", DicomTag.PatientBirthDate, IndexColumns.PatientBirthDate, MatchKind.DateRange, QueryLevel.Study),
        new("PatientSex", DicomTag.PatientSex, IndexColumns.PatientSex, MatchKind.Text, QueryLevel.Study),
        new("AccessionNumber", DicomTag.AccessionNumber, IndexColumns.AccessionNumber, MatchKind.Text, QueryLevel.Study),
        new("StudyDate", DicomTag.StudyDate, IndexColumns.StudyDate, MatchKind.DateRange, QueryLevel.Study),
        new("StudyID", DicomTag.StudyID, IndexColumns.StudyID, MatchKind.Text, QueryLevel.Study),
        new("StudyDescription", DicomTag.StudyDescription, IndexColumns.StudyDescription, MatchKind.Text, QueryLevel.Study),
        new("ReferringPhysicianName", DicomTag.ReferringPhysicianName, IndexColumns.ReferringPhysicianName, MatchKind.PersonName, QueryLevel.Study),
        new("ModalitiesInStudy", DicomTag.ModalitiesInStudy, IndexColumns.Modality, MatchKind.AnyOf, QueryLevel.Study),
        new("SeriesInstanceUID", DicomTag.SeriesInstanceUID, IndexColumns.SeriesInstanceUID, MatchKind.UidList, QueryLevel.Series),
        new("Modality", DicomTag.Modality, IndexColumns.Modality, MatchKind.Text, QueryLevel.Series),
        new("SeriesNumber", DicomTag.SeriesNumber, IndexColumns.SeriesNumber, MatchKind.Integer, QueryLevel.Series),
        new("SeriesDescription", DicomTag.SeriesDescription, IndexColumns.SeriesDescription, MatchKind.Text, QueryLevel.Series),
        new("SOPInstanceUID", DicomTag.SOPInstanceUID, IndexColumns.SOPInstanceUID, MatchKind.UidList, QueryLevel.Instance),
        new("SOPClassUID", DicomTag.SOPClassUID, IndexColumns.SOPClassUID, MatchKind.UidList, QueryLevel.Instance),
        new("InstanceNumber", DicomTag.InstanceNumber, IndexColumns.InstanceNumber, MatchKind.Integer, QueryLevel.Instance),
    ];

    /// <summary>Finds a key by keyword or by tag written as 8 hex digits ("00100020").</summary>
    public static MatchKey? Find(string name)
    {
        foreach (MatchKey k in All)
        {
            if (k.Keyword.Equals(name, StringComparison.Ordinal)) return k;
        }
        if (name.Length == 8 && uint.TryParse(name, System.Globalization.NumberStyles.HexNumber, null, out uint value))
        {
            foreach (MatchKey k in All)
            {
                if (k.Tag.Value == value) return k;
            }
        }
        return null;
    }
}
