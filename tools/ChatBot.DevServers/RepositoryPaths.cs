namespace ChatBot.DevServers;

/// <summary>Finds the repository (the folder holding ChatBot.sln) from wherever a tool or test runs.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scripts => Path.Combine(Root, "scripts");

    /// <summary>The public evaluation packages vendored in the repository (see eval/README.md).</summary>
    public static string EvalData => Path.Combine(Root, "eval");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChatBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ChatBot.sln not found above {AppContext.BaseDirectory}");
    }
}
