using System.Diagnostics;

namespace ChatBot.AppHost.Infrastructure;

/// <summary>Asks the docker/podman CLI whether an engine is actually running (a bare CLI is not enough).</summary>
internal static class ContainerRuntimeProbe
{
    public static bool IsEngineRunning(string? preferredRuntime)
    {
        string[] candidates = string.IsNullOrWhiteSpace(preferredRuntime) ? ["docker", "podman"] : [preferredRuntime];
        return candidates.Any(Answers);
    }

    private static bool Answers(string cli)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(cli, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // The CLI is not installed.
            return false;
        }
    }
}
