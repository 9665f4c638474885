using System.Diagnostics;
using System.Text.Json;

namespace ChatBot.AppHost.Tests;

/// <summary>What azd reads: the published manifest must describe containers for the data stores, never local processes.</summary>
public sealed class PublishManifestTests
{
    [Fact]
    public async Task Publish_mode_models_postgres_with_pgvector_and_redis_as_containers()
    {
        var output = Path.Combine(Path.GetTempPath(), $"chatbot-manifest-{Guid.NewGuid():N}", "aspire-manifest.json");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = Projects.ChatBot_AppHost.ProjectPath;
        var start = new ProcessStartInfo("dotnet", ["run", "--project", project, "--no-build", "-c", configuration, "--no-launch-profile", "--",
            "--publisher", "manifest", "--output-path", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        using var process = Process.Start(start)!;
        var log = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, log);
        var resources = JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement.GetProperty("resources");
        Assert.Equal("container.v0", resources.GetProperty("postgres").GetProperty("type").GetString());
        Assert.StartsWith("docker.io/pgvector/pgvector", resources.GetProperty("postgres").GetProperty("image").GetString(), StringComparison.Ordinal);
        Assert.Equal("container.v0", resources.GetProperty("cache").GetProperty("type").GetString());
        Assert.DoesNotContain(resources.EnumerateObject(), r => r.Value.GetProperty("type").GetString()!.StartsWith("executable", StringComparison.Ordinal));
        Assert.Equal("project.v0", resources.GetProperty("api").GetProperty("type").GetString());
    }
}
