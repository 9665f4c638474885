using System.Runtime.InteropServices;

namespace ChatBot.AppHost;

internal static class DotnetInstallation
{
    /// <summary>
    /// The installation this AppHost runs on (three folders above the shared runtime's own): what <c>dotnet run</c>
    /// and <c>dotnet tool run</c> tell a native launcher in <c>DOTNET_ROOT</c>, for a process started without them.
    /// </summary>
    public static string Root =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
}
