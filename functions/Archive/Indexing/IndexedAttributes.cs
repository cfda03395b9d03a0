using Serverless.Dicom;

namespace Serverless.Archive.Indexing;

/// <summary>
/// The attributes kept in the index at each level: what QIDO-RS returns by default (PS3.18 §10.6.3.3.1-3)
/// plus the usual matching keys.
/// </summary>
public static class IndexedAttributes
{
    public static readonly DicomTag TimezoneOffsetFromUTC = new(0x0008, 0x0201);
    public static readonly DicomTag PerformedProcedureStepStartDate = new(0x0040, 0x0244);
    public static readonly DicomTag PerformedProcedureStepStartTime = new(0x0040, 0x0245);
    public static readonly DicomTag OtherPatientIDs = new(0x0010, 0x1000);
    public static readonly DicomTag PatientAge = new(0x0010, 0x1010);
    public static readonly DicomTag IssuerOfPatientID = new(0x0010, 0x0021);
    public static readonly DicomTag InstanceAvailability = new(0x0008, 0x0056);
    public static readonly DicomTag RetrieveURL = new(0x0008, 0x1190);
    public static readonly DicomTag NumberOfStudyRelatedSeries = new(0x0020, 0x1206);
    public static readonly DicomTag NumberOfStudyRelatedInstances = new(0x0020, 0x1208);
    public static readonly DicomTag NumberOfSeriesRelatedInstances = new(0x0020, 0x1209);
    public static readonly DicomTag BodyPartExamined = new(0x0018, 0x0015);
    public static readonly DicomTag ContentDate = new(0x0008, 0x0023);
    public static readonly DicomTag ContentTime = new(0x0008, 0x0033);
    public static readonly DicomTag SeriesDate = new(0x0008, 0x0021);
    public static readonly DicomTag SeriesTime = new(0x0008, 0x0031);
    public static readonly DicomTag StationName = new(0x0008, 0x1010);
    public static readonly DicomTag Manufacturer = new(0x0008, 0x0070);
    public static readonly DicomTag InstitutionName = new(0x0008, 0x0080);

    public static readonly HashSet<DicomTag> Study =
    [
        DicomTag.StudyDate, DicomTag.StudyTime, DicomTag.AccessionNumber, DicomTag.ReferringPhysicianName,
        TimezoneOffsetFromUTC, DicomTag.PatientName, DicomTag.PatientID, IssuerOfPatientID, DicomTag.PatientBirthDate,
        DicomTag.PatientSex, PatientAge, OtherPatientIDs, DicomTag.StudyInstanceUID, DicomTag.StudyID, DicomTag.StudyDescription,
    ];

    public static readonly HashSet<DicomTag> Series =
    [
        DicomTag.Modality, DicomTag.SeriesDescription, DicomTag.SeriesInstanceUID, DicomTag.SeriesNumber,
        SeriesDate, SeriesTime, BodyPartExamined, PerformedProcedureStepStartDate, PerformedProcedureStepStartTime,
        StationName, Manufacturer, InstitutionName,
    ];

    public static readonly HashSet<DicomTag> Instance =
    [
        DicomTag.SOPClassUID, DicomTag.SOPInstanceUID, DicomTag.InstanceNumber, DicomTag.Rows, DicomTag.Columns,
        DicomTag.BitsAllocated, DicomTag.NumberOfFrames, ContentDate, ContentTime,
    ];
}
