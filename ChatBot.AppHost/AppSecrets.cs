namespace ChatBot.AppHost;

/// <summary>
/// Secrets the services need, as Aspire parameters: generated once and kept in user secrets (run), or asked for at
/// deployment (publish: azd prompts for the first admin's email and password). Nothing secret lives in the repository.
/// </summary>
internal sealed record AppSecrets(
    IResourceBuilder<ParameterResource> JwtSigningKey,
    IResourceBuilder<ParameterResource>? DevelopmentAdminPassword,
    IResourceBuilder<ParameterResource>? InitialAdminEmail,
    IResourceBuilder<ParameterResource>? InitialAdminPassword);

internal static class AppSecretsExtensions
{
    public static AppSecrets AddAppSecrets(this IDistributedApplicationBuilder builder, bool publishing)
    {
        var jwt = builder.AddParameter("jwt-signing-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true, persist: true);
        return publishing
            ? new AppSecrets(jwt, null,
                builder.AddParameter("initial-admin-email"),
                builder.AddParameter("initial-admin-password", secret: true))
            : new AppSecrets(jwt,
                builder.AddParameter("admin-password", new GenerateParameterDefault { MinLength = 16, Special = false }, secret: true, persist: true),
                null, null);
    }
}
