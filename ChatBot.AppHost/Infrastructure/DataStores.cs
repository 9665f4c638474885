namespace ChatBot.AppHost.Infrastructure;

/// <summary>The database and cache every service references, however they are provided.</summary>
public sealed record DataStores(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Cache,
    InfrastructureMode Mode);
