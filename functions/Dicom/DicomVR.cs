namespace Serverless.Dicom;

/// <summary>Value Representation (PS3.5 §6.2); the numeric value is the two ASCII letters (e.g. 'P'&lt;&lt;8|'N').</summary>
public enum DicomVR : ushort
{
    None = 0,
    AE = 'A' << 8 | 'E', AS = 'A' << 8 | 'S', AT = 'A' << 8 | 'T', CS = 'C' << 8 | 'S', DA = 'D' << 8 | 'A',
    DS = 'D' << 8 | 'S', DT = 'D' << 8 | 'T', FD = 'F' << 8 | 'D', FL = 'F' << 8 | 'L', IS = 'I' << 8 | 'S',
    LO = 'L' << 8 | 'O', LT = 'L' << 8 | 'T', OB = 'O' << 8 | 'B', OD = 'O' << 8 | 'D', OF = 'O' << 8 | 'F',
    OL = 'O' << 8 | 'L', OV = 'O' << 8 | 'V', OW = 'O' << 8 | 'W', PN = 'P' << 8 | 'N', SH = 'S' << 8 | 'H',
    SL = 'S' << 8 | 'L', SQ = 'S' << 8 | 'Q', SS = 'S' << 8 | 'S', ST = 'S' << 8 | 'T', SV = 'S' << 8 | 'V',
    TM = 'T' << 8 | 'M', UC = 'U' << 8 | 'C', UI = 'U' << 8 | 'I', UL = 'U' << 8 | 'L', UN = 'U' << 8 | 'N',
    UR = 'U' << 8 | 'R', US = 'U' << 8 | 'S', UT = 'U' << 8 | 'T', UV = 'U' << 8 | 'V',
}

/// <summary>Facts about each VR from PS3.5 §6.2 and §7.1.2.</summary>
public static class DicomVRInfo
{
    /// <summary>The VR for two bytes read from an explicit VR header, or <see cref="DicomVR.None"/> if they name no VR.</summary>
    public static DicomVR Parse(byte first, byte second)
    {
        var vr = (DicomVR)(first << 8 | second);
        return vr switch
        {
            DicomVR.AE or DicomVR.AS or DicomVR.AT or DicomVR.CS or DicomVR.DA or DicomVR.DS or DicomVR.DT
            or DicomVR.FD or DicomVR.FL or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.OB or DicomVR.OD
            or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.PN or DicomVR.SH or DicomVR.SL
            or DicomVR.SQ or DicomVR.SS or DicomVR.ST or DicomVR.SV or DicomVR.TM or DicomVR.UC or DicomVR.UI
            or DicomVR.UL or DicomVR.UN or DicomVR.UR or DicomVR.US or DicomVR.UT or DicomVR.UV => vr,
            _ => DicomVR.None,
        };
    }

    /// <summary>"PN"; empty for <see cref="DicomVR.None"/>.</summary>
    public static string ToText(this DicomVR vr) => vr == DicomVR.None ? "" : vr switch
    {
        // Cached strings so writing JSON does not allocate per element.
        DicomVR.AE => "AE", DicomVR.AS => "AS", DicomVR.AT => "AT", DicomVR.CS => "CS", DicomVR.DA => "DA",
        DicomVR.DS => "DS", DicomVR.DT => "DT", DicomVR.FD => "FD", DicomVR.FL => "FL", DicomVR.IS => "IS",
        DicomVR.LO => "LO", DicomVR.LT => "LT", DicomVR.OB => "OB", DicomVR.OD => "OD", DicomVR.OF => "OF",
        DicomVR.OL => "OL", DicomVR.OV => "OV", DicomVR.OW => "OW", DicomVR.PN => "PN", DicomVR.SH => "SH",
        DicomVR.SL => "SL", DicomVR.SQ => "SQ", DicomVR.SS => "SS", DicomVR.ST => "ST", DicomVR.SV => "SV",
        DicomVR.TM => "TM", DicomVR.UC => "UC", DicomVR.UI => "UI", DicomVR.UL => "UL", DicomVR.UN => "UN",
        DicomVR.UR => "UR", DicomVR.US => "US", DicomVR.UT => "UT", DicomVR.UV => "UV",
        _ => new string([(char)((ushort)vr >> 8), (char)((ushort)vr & 0xFF)]),
    };

    /// <summary>Explicit VR headers of these VRs have 2 reserved bytes and a 32-bit length (PS3.5 §7.1.2, Table 7.1-1).</summary>
    public static bool HasLongLength(this DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.SQ or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR
        or DicomVR.UT or DicomVR.UV;

    /// <summary>Character string VRs (decoded as text; PS3.5 §6.2).</summary>
    public static bool IsString(this DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA
        or DicomVR.DS or DicomVR.DT or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH
        or DicomVR.ST or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>String VRs whose value is a single value that may contain a backslash (PS3.5 §6.1.3, §6.2).</summary>
    public static bool IsSingleValuedText(this DicomVR vr) => vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;

    /// <summary>Binary VRs written as InlineBinary/BulkDataURI in DICOM JSON (PS3.18 §F.2.7).</summary>
    public static bool IsBinary(this DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.UN;

    /// <summary>Size in bytes of one value of a fixed-size binary VR (AT, FL, FD, SL, SS, SV, UL, US, UV, and the O* word sizes); 0 otherwise.</summary>
    public static int ValueSize(this DicomVR vr) => vr switch
    {
        DicomVR.US or DicomVR.SS or DicomVR.OW => 2,
        DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.AT or DicomVR.OF or DicomVR.OL => 4,
        DicomVR.FD or DicomVR.SV or DicomVR.UV or DicomVR.OD or DicomVR.OV => 8,
        DicomVR.OB or DicomVR.UN => 1,
        _ => 0,
    };
}
