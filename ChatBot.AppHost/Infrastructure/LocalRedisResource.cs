namespace ChatBot.AppHost.Infrastructure;

/// <summary>A Redis server run from the machine's own binary by <c>scripts/local-redis.sh</c>.</summary>
public sealed class LocalRedisResource(string name, string scriptsDirectory, ParameterResource password)
    : ExecutableResource(name, "bash", scriptsDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)},password={Password}");
}
