using System.Runtime.InteropServices;
using System.Text.Json;
using System.Xml.Linq;

namespace ChatBot.AppHost;

/// <summary>How to start a command of a .NET tool pinned in the repository's tool manifest.</summary>
internal sealed record LocalToolCommand(string Command, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// The tool's own executable where <c>dotnet tool restore</c> put it: a tool packaged per platform ships one, and
    /// starting it directly spares the <c>dotnet tool run</c> process that otherwise stays resident beside it (about
    /// 17 MB) for as long as the tool runs. Anything else (another NuGet folder, a tool without its own executable, a
    /// manifest that does not pin it) starts through <c>dotnet tool run</c>, which always works.
    /// </summary>
    public static LocalToolCommand For(string repository, string packageId, string command) =>
        RestoredExecutable(repository, packageId, command) is { } executable
            ? new LocalToolCommand(executable, [])
            : new LocalToolCommand("dotnet", ["tool", "run", command, "--"]);

    private static string? RestoredExecutable(string repository, string packageId, string command)
    {
        // Where dotnet tool looks for a manifest in a folder.
        var manifest = new[] { Path.Combine(repository, ".config", "dotnet-tools.json"), Path.Combine(repository, "dotnet-tools.json") }
            .FirstOrDefault(File.Exists);
        if (manifest is null || PinnedVersion(manifest, packageId) is not { } version)
        {
            return null;
        }

        var platform = RuntimeInformation.RuntimeIdentifier;
        var tools = Path.Combine(PackagesFolder, $"{packageId}.{platform}".ToLowerInvariant(), version.ToLowerInvariant(), "tools");
        if (!Directory.Exists(tools))
        {
            return null;
        }

        // tools/{framework}/{platform}/DotnetToolSettings.xml names the command's entry point and how it runs.
        foreach (var settings in Directory.EnumerateFiles(tools, "DotnetToolSettings.xml", SearchOption.AllDirectories))
        {
            var entry = XDocument.Load(settings).Descendants("Command")
                .FirstOrDefault(c => (string?)c.Attribute("Name") == command && (string?)c.Attribute("Runner") == "executable");
            var executable = entry?.Attribute("EntryPoint")?.Value is { } name ? Path.Combine(Path.GetDirectoryName(settings)!, name) : null;
            if (executable is not null && File.Exists(executable))
            {
                return executable;
            }
        }

        return null;
    }

    private static string? PinnedVersion(string manifest, string packageId)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.TryGetProperty("tools", out var tools)
            ? tools.EnumerateObject()
                .Where(tool => string.Equals(tool.Name, packageId, StringComparison.OrdinalIgnoreCase))
                .Select(tool => tool.Value.TryGetProperty("version", out var version) ? version.GetString() : null)
                .FirstOrDefault()
            : null;
    }

    /// <summary>NuGet's global packages folder: <c>NUGET_PACKAGES</c>, else its default under the home folder.</summary>
    private static string PackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
