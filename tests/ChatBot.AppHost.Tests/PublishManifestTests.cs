using System.Diagnostics;
using System.Text.Json;
using ChatBot.DevServers;

namespace ChatBot.AppHost.Tests;

/// <summary>
/// What azd reads, generated the way a developer runs it: from the AppHost's default launch profile (Development).
/// The deployment must still be a production one: containers for the data stores, Production services, no demo data,
/// no development admin, reachable web and api, and no secret in plain text.
/// </summary>
public sealed class PublishManifestTests
{
    private static readonly string JwtKey = $"jwt-{Guid.NewGuid():N}";
    private static readonly string AdminPassword = $"admin-{Guid.NewGuid():N}";

    private static readonly Lazy<Task<(JsonElement Resources, string Text)>> Manifest = new(PublishAsync);

    private static async Task<(JsonElement Resources, string Text)> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), $"chatbot-manifest-{Guid.NewGuid():N}", "aspire-manifest.json");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet", ["run", "--project", Projects.ChatBot_AppHost.ProjectPath, "--no-build", "-c", configuration,
            "--launch-profile", "http", "--", "--publisher", "manifest", "--output-path", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Values a developer may have set locally: none of them may end up in the manifest.
        start.Environment["Parameters__jwt-signing-key"] = JwtKey;
        start.Environment["Parameters__initial-admin-password"] = AdminPassword;

        using var process = Process.Start(start)!;
        var log = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, log);
        var text = await File.ReadAllTextAsync(output);
        return (JsonDocument.Parse(text).RootElement.GetProperty("resources").Clone(), text);
    }

    private static IEnumerable<JsonProperty> ProjectResources(JsonElement resources) =>
        resources.EnumerateObject().Where(r => r.Value.GetProperty("type").GetString() == "project.v0");

    private static string? Env(JsonElement resource, string name) =>
        resource.TryGetProperty("env", out var env) && env.TryGetProperty(name, out var value) ? value.GetString() : null;

    [Fact]
    public async Task Data_stores_are_containers_with_volumes_never_local_processes()
    {
        var (resources, _) = await Manifest.Value;

        Assert.Equal("container.v0", resources.GetProperty("postgres").GetProperty("type").GetString());
        Assert.StartsWith("docker.io/pgvector/pgvector", resources.GetProperty("postgres").GetProperty("image").GetString(), StringComparison.Ordinal);
        Assert.Equal("container.v0", resources.GetProperty("cache").GetProperty("type").GetString());
        Assert.NotEmpty(resources.GetProperty("postgres").GetProperty("volumes").EnumerateArray());
        Assert.NotEmpty(resources.GetProperty("cache").GetProperty("volumes").EnumerateArray());
        Assert.DoesNotContain(resources.EnumerateObject(), r => r.Value.GetProperty("type").GetString()!.StartsWith("executable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Services_run_as_production_without_demo_data_or_a_development_admin()
    {
        var (resources, text) = await Manifest.Value;

        Assert.Equal(["api", "web", "worker"], ProjectResources(resources).Select(p => p.Name).Order());
        foreach (var project in ProjectResources(resources))
        {
            Assert.Equal("Production", Env(project.Value, "ASPNETCORE_ENVIRONMENT"));
            Assert.Equal("Production", Env(project.Value, "DOTNET_ENVIRONMENT"));
        }

        Assert.DoesNotContain("Development", text, StringComparison.Ordinal);
        Assert.Equal("false", Env(resources.GetProperty("worker"), "DemoData__SeedKnowledgeBase"));
        Assert.Equal("true", Env(resources.GetProperty("api"), "Database__MigrateOnStart"));
        Assert.Equal("true", Env(resources.GetProperty("worker"), "Database__MigrateOnStart"));
        Assert.Equal("{initial-admin-email.value}", Env(resources.GetProperty("api"), "InitialAdmin__Email"));
        Assert.Equal("{initial-admin-password.value}", Env(resources.GetProperty("api"), "InitialAdmin__Password"));
    }

    [Fact]
    public async Task Web_and_api_are_reachable_from_outside_and_the_worker_is_not()
    {
        var (resources, _) = await Manifest.Value;

        Assert.True(resources.GetProperty("web").GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
        Assert.True(resources.GetProperty("api").GetProperty("bindings").GetProperty("http").GetProperty("external").GetBoolean());
        Assert.False(resources.GetProperty("worker").GetProperty("bindings").GetProperty("http").TryGetProperty("external", out _));
        Assert.Equal("{api.bindings.http.url}", Env(resources.GetProperty("web"), "services__api__http__0"));
    }

    [Fact]
    public async Task Secrets_are_parameters_azd_asks_for_never_values()
    {
        var (resources, text) = await Manifest.Value;

        Assert.DoesNotContain(JwtKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminPassword, text, StringComparison.Ordinal);
        Assert.Equal("{jwt-signing-key.value}", Env(resources.GetProperty("api"), "Jwt__SigningKey"));
        foreach (var name in new[] { "jwt-signing-key", "initial-admin-password", "postgres-password", "cache-password" })
        {
            var input = resources.GetProperty(name).GetProperty("inputs").GetProperty("value");
            Assert.True(input.GetProperty("secret").GetBoolean(), name);
            Assert.Equal($"{{{name}.inputs.value}}", resources.GetProperty(name).GetProperty("value").GetString());
        }

        // No default for the first admin's password: azd asks for it.
        Assert.False(resources.GetProperty("initial-admin-password").GetProperty("inputs").GetProperty("value").TryGetProperty("default", out _));
    }

    [Fact]
    public void Azd_is_pointed_at_the_apphost_for_container_apps()
    {
        var azure = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "azure.yaml"));

        Assert.Contains("host: containerapp", azure, StringComparison.Ordinal);
        var project = System.Text.RegularExpressions.Regex.Match(azure, @"project:\s*(\S+)").Groups[1].Value;
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, project)), project);
        Assert.EndsWith("ChatBot.AppHost.csproj", project, StringComparison.Ordinal);
    }
}
