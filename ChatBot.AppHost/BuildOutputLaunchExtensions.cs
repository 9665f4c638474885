using System.Reflection;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;

namespace ChatBot.AppHost;

internal static class BuildOutputLaunchExtensions
{
    /// <summary>
    /// Starts every service straight from the output the AppHost's build already produced. Aspire's default starts
    /// each one through <c>dotnet run</c>, and that launcher (the SDK, with MSBuild loaded) stays alive beside its
    /// service for as long as the service runs: about 60 MB each that runs no product code. The service gets the same
    /// environment, arguments and working directory either way. Aspire's own launch is kept when an IDE debugs the
    /// services or <c>dotnet watch</c> runs them (both need it), when publishing, and when the output is missing.
    /// </summary>
    public static IDistributedApplicationBuilder RunServicesFromBuildOutput(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode
            || !string.IsNullOrEmpty(builder.Configuration["DEBUG_SESSION_PORT"])
            || builder.Configuration.GetValue<bool>("DOTNET_WATCH"))
        {
            return builder;
        }

        var outputFolder = OutputFolder(builder.AppHostAssembly);
        if (outputFolder is null)
        {
            return builder;
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((started, _) =>
        {
            foreach (var project in started.Model.GetProjectResources())
            {
                var projectPath = project.GetProjectMetadata().ProjectPath;
                var directory = Path.GetDirectoryName(projectPath)!;
                var name = Path.GetFileNameWithoutExtension(projectPath);
                var launcher = Path.Combine(directory, outputFolder, OperatingSystem.IsWindows() ? name + ".exe" : name);
                if (File.Exists(launcher))
                {
                    project.Annotations.Add(new ExecutableAnnotation { Command = launcher, WorkingDirectory = directory });
                    project.Annotations.Add(new EnvironmentCallbackAnnotation("DOTNET_ROOT", () => DotnetInstallation.Root));
                }
            }

            return Task.CompletedTask;
        });
        return builder;
    }

    /// <summary>bin/{configuration}/{target framework}: the services build with the AppHost's configuration and framework.</summary>
    private static string? OutputFolder(Assembly? appHost)
    {
        var configuration = appHost?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration;
        var framework = appHost?.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
        if (string.IsNullOrEmpty(configuration) || string.IsNullOrEmpty(framework))
        {
            return null;
        }

        var version = new FrameworkName(framework).Version;
        return Path.Combine("bin", configuration, $"net{version.Major}.{version.Minor}");
    }
}
