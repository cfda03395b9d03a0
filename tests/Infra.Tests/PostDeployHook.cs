using System.Text.RegularExpressions;

namespace Serverless.Infra.Tests;

/// <summary>What the azd postdeploy hooks (infra/hooks/postdeploy.sh and .ps1) use, read from their text.</summary>
internal static partial class PostDeployHook
{
    public const string Bash = "infra/hooks/postdeploy.sh";
    public const string PowerShell = "infra/hooks/postdeploy.ps1";

    /// <summary>The function each hook subscribes (<c>Host.Functions.&lt;name&gt;</c> in the webhook URL).</summary>
    public static (string Bash, string PowerShell) FunctionNames() =>
        (BashFunctionName().Match(Repository.ReadText(Bash)).Groups[1].Value,
         PowerShellFunctionName().Match(Repository.ReadText(PowerShell)).Groups[1].Value);

    /// <summary>Environment variables the hooks require (azd sets them from the template's outputs).</summary>
    public static IReadOnlyList<string> RequiredVariables()
    {
        var bash = BashRequired().Matches(Repository.ReadText(Bash)).Select(m => m.Groups[1].Value).Order().ToList();
        var ps = PowerShellRequired().Match(Repository.ReadText(PowerShell)).Groups[1].Value
            .Split(',', StringSplitOptions.TrimEntries).Select(v => v.Trim('\'')).Order().ToList();
        Assert.NotEmpty(bash);
        Assert.Equal(bash, ps);
        return bash;
    }

    [GeneratedRegex("""^function_name="(\w+)"$""", RegexOptions.Multiline)]
    private static partial Regex BashFunctionName();

    [GeneratedRegex("""^\$functionName = '(\w+)'""", RegexOptions.Multiline)]
    private static partial Regex PowerShellFunctionName();

    [GeneratedRegex("""^: "\$\{(\w+):\?""", RegexOptions.Multiline)]
    private static partial Regex BashRequired();

    [GeneratedRegex("""^foreach \(\$name in ([^)]*)\)""", RegexOptions.Multiline)]
    private static partial Regex PowerShellRequired();
}
