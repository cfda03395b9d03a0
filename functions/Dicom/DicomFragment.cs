namespace Serverless.Dicom;

/// <summary>One item of encapsulated Pixel Data (PS3.5 §A.4): where its value lies in the input.</summary>
/// <param name="Offset">Absolute 0-based offset of the first byte of the fragment's value (after the 8-byte item header).</param>
/// <param name="Length">Length of the value in bytes.</param>
public readonly record struct DicomFragment(long Offset, long Length);
