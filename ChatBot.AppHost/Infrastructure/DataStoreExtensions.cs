using ChatBot.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatBot.AppHost.Infrastructure;

public static class DataStoreExtensions
{
    /// <summary>pgvector image for container mode: PostgreSQL with the vector extension preinstalled.</summary>
    private const string PgvectorImage = "pgvector/pgvector";
    private const string PgvectorTag = "pg17";

    /// <summary>
    /// Adds PostgreSQL (database <c>chatdb</c>, pgvector) and Redis (<c>cache</c>): as containers when publishing or
    /// when a container engine runs, else as local processes. Services see the same connection names either way.
    /// </summary>
    public static DataStores AddDataStores(this IDistributedApplicationBuilder builder)
    {
        var mode = ResolveMode(builder);
        builder.Services.AddSingleton(new InfrastructureModeInfo(mode));
        return mode == InfrastructureMode.Containers ? AddContainers(builder) : AddLocalProcesses(builder);
    }

    private static InfrastructureMode ResolveMode(IDistributedApplicationBuilder builder)
    {
        // azd reads the published model: it must describe containers/cloud resources, never processes on this box.
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureMode.Containers;
        }

        var configured = builder.Configuration.GetValue("Infrastructure:Mode", InfrastructureMode.Auto);
        if (configured != InfrastructureMode.Auto)
        {
            return configured;
        }

        return ContainerRuntimeProbe.IsEngineRunning(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"])
            ? InfrastructureMode.Containers
            : InfrastructureMode.LocalProcesses;
    }

    private static DataStores AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres")
            .WithImage(PgvectorImage, PgvectorTag)
            .WithDataVolume("chatbot-postgres-data");
        var database = postgres.AddDatabase(ConnectionNames.Database);
        var cache = builder.AddRedis(ConnectionNames.Cache).WithDataVolume("chatbot-redis-data");
        return new DataStores(database, cache, InfrastructureMode.Containers);
    }

    private static DataStores AddLocalProcesses(IDistributedApplicationBuilder builder)
    {
        var scripts = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "scripts"));
        var dataDirectory = Path.GetFullPath(
            builder.Configuration["Infrastructure:DataDirectory"] is { Length: > 0 } configured
                ? configured
                : Path.Combine(builder.AppHostDirectory, "..", ".data"));

        var postgresPassword = builder.AddParameter("postgres-password", GeneratedPassword(), secret: true, persist: true);
        var postgres = builder.AddResource(new LocalPostgresResource("postgres", scripts, postgresPassword.Resource))
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp")
            .WithEnvironment("POSTGRES_PASSWORD", postgresPassword)
            .WithEnvironment("PG_SHARED_BUFFERS", builder.Configuration["Infrastructure:PostgresSharedBuffers"] is { Length: > 0 } sharedBuffers ? sharedBuffers : "128MB")
            .WithArgs(context =>
            {
                var server = (LocalPostgresResource)context.Resource;
                context.Args.Add(Path.Combine(scripts, "local-postgres.sh"));
                context.Args.Add(Path.Combine(dataDirectory, "postgres"));
                context.Args.Add(server.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add(ConnectionNames.Database);
            });

        var database = builder.AddResource(
                new LocalPostgresDatabaseResource(ConnectionNames.Database, ConnectionNames.Database, postgres.Resource))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .WithHealthCheck(AddNpgsqlHealthCheck(builder, ConnectionNames.Database));
        postgres.WithHealthCheck(AddNpgsqlHealthCheck(builder, "postgres"));
        // Nothing runs a database by itself: it is up when its server is. Running starts its own health checks,
        // which pass once the start script has created it, and only then does WaitFor(database) release.
        builder.Eventing.Subscribe<ResourceReadyEvent>(postgres.Resource, async (@event, _) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(database.Resource, snapshot => snapshot with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        });

        var redisPassword = builder.AddParameter("cache-password", GeneratedPassword(), secret: true, persist: true);
        var cache = builder.AddResource(new LocalRedisResource(ConnectionNames.Cache, scripts, redisPassword.Resource))
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp")
            .WithEnvironment("REDIS_PASSWORD", redisPassword)
            .WithArgs(context =>
            {
                var server = (LocalRedisResource)context.Resource;
                context.Args.Add(Path.Combine(scripts, "local-redis.sh"));
                context.Args.Add(Path.Combine(dataDirectory, "redis"));
                context.Args.Add(server.Endpoint.Property(EndpointProperty.TargetPort));
            });
        var redisCheck = $"{ConnectionNames.Cache}_check";
        builder.Services.AddHealthChecks().AddRedis(
            sp => ConnectionStringOf(sp, ConnectionNames.Cache).GetAwaiter().GetResult(), name: redisCheck);
        cache.WithHealthCheck(redisCheck);

        return new DataStores(database, cache, InfrastructureMode.LocalProcesses);
    }

    private static string AddNpgsqlHealthCheck(IDistributedApplicationBuilder builder, string resourceName)
    {
        var key = $"{resourceName}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            sp => ConnectionStringOf(sp, resourceName).GetAwaiter().GetResult(), name: key);
        return key;
    }

    /// <summary>Resolved when the check runs, i.e. after DCP has allocated the endpoint ports.</summary>
    private static async Task<string> ConnectionStringOf(IServiceProvider services, string resourceName)
    {
        var model = services.GetRequiredService<DistributedApplicationModel>();
        var resource = model.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == resourceName);
        return await resource.GetConnectionStringAsync() ??
               throw new InvalidOperationException($"{resourceName} has no connection string yet");
    }

    private static GenerateParameterDefault GeneratedPassword() => new()
    {
        MinLength = 24,
        // Keeps the value safe inside connection strings and the SQL the start script runs.
        Special = false,
    };
}
