namespace Serverless.LocalHost;

/// <summary>Finds the repository root (the folder with Serverless.sln and package.json) from the working or app directory.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Serverless.sln")) && File.Exists(Path.Combine(d.FullName, "package.json")))
                    return d.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (a folder with Serverless.sln and package.json).");
    }
}
