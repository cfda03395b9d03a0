namespace Serverless.Archive.Indexing;

/// <summary>Property names of the index tables (persisted: renaming one is a data migration).</summary>
public static class IndexColumns
{
    public const string StudyInstanceUID = nameof(StudyInstanceUID);
    public const string SeriesInstanceUID = nameof(SeriesInstanceUID);
    public const string SOPInstanceUID = nameof(SOPInstanceUID);
    public const string SOPClassUID = nameof(SOPClassUID);
    public const string PatientName = nameof(PatientName);
    public const string PatientID = nameof(PatientID);
    public const string PatientBirthDate = nameof(PatientBirthDate);
    public const string PatientSex = nameof(PatientSex);
    public const string StudyDate = nameof(StudyDate);
    public const string StudyTime = nameof(StudyTime);
    public const string AccessionNumber = nameof(AccessionNumber);
    public const string ReferringPhysicianName = nameof(ReferringPhysicianName);
    public const string StudyID = nameof(StudyID);
    public const string StudyDescription = nameof(StudyDescription);
    public const string Modality = nameof(Modality);
    public const string SeriesNumber = nameof(SeriesNumber);
    public const string SeriesDescription = nameof(SeriesDescription);
    public const string InstanceNumber = nameof(InstanceNumber);
    public const string TransferSyntaxUID = nameof(TransferSyntaxUID);
    public const string NumberOfFrames = nameof(NumberOfFrames);

    /// <summary>Blob name of the stored instance.</summary>
    public const string Blob = nameof(Blob);
    /// <summary>Size of the stored instance in bytes.</summary>
    public const string Size = nameof(Size);
    /// <summary>ETag of the blob that was indexed.</summary>
    public const string BlobETag = nameof(BlobETag);

    /// <summary>DICOM JSON (PS3.18 Annex F) of the study-level attributes.</summary>
    public const string StudyJson = nameof(StudyJson);
    /// <summary>DICOM JSON of the series-level attributes.</summary>
    public const string SeriesJson = nameof(SeriesJson);
    /// <summary>DICOM JSON of the instance-level attributes.</summary>
    public const string InstanceJson = nameof(InstanceJson);
    /// <summary>DICOM JSON of other short top-level public attributes, for QIDO-RS includefield.</summary>
    public const string ExtraJson = nameof(ExtraJson);
}
