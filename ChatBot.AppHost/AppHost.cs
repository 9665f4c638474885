using ChatBot.AppHost;
using ChatBot.AppHost.Infrastructure;
using ChatBot.Core;
using Microsoft.Extensions.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var stores = builder.AddDataStores();
var secrets = builder.AddAppSecrets();

// Applies EF Core migrations once, then exits; the services start only after it succeeded.
var migrations = builder.AddProject<Projects.ChatBot_Worker>("migrations", options => options.ExcludeLaunchProfile = true)
    .WithArgs("migrate")
    .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
    .WithServiceDefaultsEnvironment()
    .WithEnvironment("DevelopmentAdmin__Password", secrets.DevelopmentAdminPassword)
    .WithReference(stores.Database, ConnectionNames.Database)
    .WaitFor(stores.Database);

var api = builder.AddProject<Projects.ChatBot_Api>("api")
    .WithServiceDefaultsEnvironment()
    .WithEnvironment("Jwt__SigningKey", secrets.JwtSigningKey)
    // Deployed behind an ingress proxy, the client's address arrives in X-Forwarded-For (rate limits, audit, sessions).
    .WithEnvironment("ASPNETCORE_FORWARDEDHEADERS_ENABLED", builder.ExecutionContext.IsPublishMode ? "true" : "false")
    .WithAiProvider(builder)
    .WithReference(stores.Database, ConnectionNames.Database)
    .WithReference(stores.Cache, ConnectionNames.Cache)
    .WaitFor(stores.Database)
    .WaitFor(stores.Cache)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "API")
    .WithUrl("/docs", "Swagger UI");

builder.AddProject<Projects.ChatBot_Worker>("worker")
    .WithServiceDefaultsEnvironment()
    // A fresh development setup gets demo FAQs so the chat can answer at once (only into an empty knowledge base).
    .WithEnvironment("DemoData__SeedKnowledgeBase", builder.Environment.IsDevelopment() ? "true" : "false")
    .WithAiProvider(builder)
    .WithReference(stores.Database, ConnectionNames.Database)
    .WithReference(stores.Cache, ConnectionNames.Cache)
    .WaitFor(stores.Database)
    .WaitFor(stores.Cache)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.ChatBot_Web>("web")
    .WithServiceDefaultsEnvironment()
    .WithReference(api)
    .WaitFor(api)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", url => url.DisplayText = "Chat");

builder.AddStartupBanner(stores.Mode);

builder.Build().Run();
