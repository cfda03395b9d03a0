namespace Serverless.Dicom;

/// <summary>
/// One Person Name (PN) value split into its three component groups (PS3.5 §6.2.1.2): alphabetic, ideographic and
/// phonetic, in that order, separated by '=' in the encoded value. Each group keeps its '^'-separated components as
/// written (for example <c>"Yamada^Tarou"</c> or <c>"^^^^"</c>).
/// </summary>
/// <remarks>
/// A group is <see langword="null"/> when it is absent: after the last non-empty group (PS3.5 §6.2.1.2 lets trailing
/// empty groups and their delimiters be left out, so <c>"A=B="</c> and <c>"A=B"</c> mean the same) or when the whole
/// value is empty. A group is <see cref="string.Empty"/> only when it is an interior empty group whose '=' is required
/// because a later group is present (<c>"=山田"</c> gives an empty <see cref="Alphabetic"/>).
/// This matches the DICOM JSON model (PS3.18 §F.2.2), where absent groups are simply not written.
/// </remarks>
public readonly record struct DicomPersonName(string? Alphabetic, string? Ideographic, string? Phonetic)
{
    /// <summary>True when no group has any content (an empty PN value).</summary>
    public bool IsEmpty => string.IsNullOrEmpty(Alphabetic) && string.IsNullOrEmpty(Ideographic) && string.IsNullOrEmpty(Phonetic);

    /// <summary>The value in its DICOM string form, groups joined with '=' and trailing empty groups left out.</summary>
    public override string ToString()
    {
        if (Phonetic is not null) return $"{Alphabetic}={Ideographic}={Phonetic}";
        if (Ideographic is not null) return $"{Alphabetic}={Ideographic}";
        return Alphabetic ?? string.Empty;
    }
}
