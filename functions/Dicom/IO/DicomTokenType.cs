namespace Serverless.Dicom;

/// <summary>What <see cref="DicomReader.Read"/> stopped at.</summary>
public enum DicomTokenType : byte
{
    None = 0,
    /// <summary>A value element. Its value is in <see cref="DicomReader.ValueSpan"/> unless <see cref="DicomReader.IsBulkData"/>.</summary>
    Element,
    /// <summary>A sequence (SQ, or UN of undefined length read as a sequence, PS3.5 §6.2.2). <see cref="DicomReader.ValueLength"/> is -1 when undefined.</summary>
    StartSequence,
    /// <summary>An item of the current sequence; <see cref="DicomReader.ValueLength"/> is -1 when undefined.</summary>
    StartItem,
    /// <summary>End of the current item (delimiter met or defined length reached). <see cref="DicomReader.TokenOffset"/> is where it ended.</summary>
    EndItem,
    /// <summary>End of the current sequence. <see cref="DicomReader.ValueLength"/> is the length of its value (delimiter excluded).</summary>
    EndSequence,
    /// <summary>Encapsulated Pixel Data (undefined length OB/OW, PS3.5 §A.4).</summary>
    StartFragments,
    /// <summary>One item of encapsulated Pixel Data (the first is the Basic Offset Table); never loaded: offset and length only.</summary>
    Fragment,
    /// <summary>The Sequence Delimitation Item of encapsulated Pixel Data.</summary>
    EndFragments,
    /// <summary>The File Meta Information is over (or was absent); the transfer syntax of the dataset is known.</summary>
    StartDataset,
    /// <summary>End of the data, or (7FE0,0010/0008/0009) reached with <see cref="DicomReadOptions.StopBeforePixelData"/>.</summary>
    EndDataset,
}
