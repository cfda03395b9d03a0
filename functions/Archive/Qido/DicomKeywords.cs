using System.Collections.Frozen;
using System.Reflection;
using Serverless.Dicom;

namespace Serverless.Archive.Qido;

/// <summary>Keyword to tag, from the DICOM library's well-known tags (its public static <see cref="DicomTag"/> fields).</summary>
public static class DicomKeywords
{
    private static readonly FrozenDictionary<string, DicomTag> ByKeyword = typeof(DicomTag)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DicomTag))
        .ToFrozenDictionary(f => f.Name, f => (DicomTag)f.GetValue(null)!, StringComparer.Ordinal);

    public static DicomTag? Find(string keyword) => ByKeyword.TryGetValue(keyword, out DicomTag tag) ? tag : null;
}
