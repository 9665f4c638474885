namespace ChatBot.AppHost.Infrastructure;

/// <summary>A PostgreSQL server run from the machine's own binaries by <c>scripts/local-postgres.sh</c>.</summary>
public sealed class LocalPostgresResource(string name, string scriptsDirectory, ParameterResource password)
    : ExecutableResource(name, "bash", scriptsDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => new(this, EndpointName);

    /// <summary>Server-level connection (the maintenance database); databases add their own name.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password};SSL Mode=Disable");
}
