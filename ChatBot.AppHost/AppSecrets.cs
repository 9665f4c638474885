namespace ChatBot.AppHost;

/// <summary>Secrets the services need, as Aspire parameters: generated once and kept in user secrets (run) or
/// asked for at deployment (publish). Nothing secret lives in the repository.</summary>
internal sealed record AppSecrets(
    IResourceBuilder<ParameterResource> JwtSigningKey,
    IResourceBuilder<ParameterResource> DevelopmentAdminPassword);

internal static class AppSecretsExtensions
{
    public static AppSecrets AddAppSecrets(this IDistributedApplicationBuilder builder) => new(
        builder.AddParameter("jwt-signing-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true),
        builder.AddParameter("admin-password", new GenerateParameterDefault { MinLength = 16, Special = false }, secret: true, persist: true));
}
