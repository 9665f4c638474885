using ChatBot.AppHost;
using ChatBot.AppHost.Infrastructure;
using ChatBot.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = DistributedApplication.CreateBuilder(args);
// Aspire shows only its own categories by default; the banner and failure reports are ours.
builder.Services.AddLogging(logging => logging.AddFilter("ChatBot", LogLevel.Information));
// Decided by the execution context, never by the launch profile: azd publishes with the developer's profile applied.
var publishing = builder.ExecutionContext.IsPublishMode;
var development = !publishing && builder.Environment.IsDevelopment();
builder.RunServicesFromBuildOutput();
builder.RunDashboardOnWorkstationGc();

var stores = builder.AddDataStores();
var secrets = builder.AddAppSecrets(publishing);

var api = builder.AddProject<Projects.ChatBot_Api>("api")
    .WithServiceDefaultsEnvironment(publishing)
    .WithEnvironment("Jwt__SigningKey", secrets.JwtSigningKey)
    .WithAiProvider(builder)
    // The Worker's training job retrains the answer model after changes; Api replicas load what it stores.
    .WithEnvironment("Knowledge__AnswerModelTraining", "Worker")
    .WithReference(stores.Database, ConnectionNames.Database)
    .WithReference(stores.Cache, ConnectionNames.Cache)
    .WaitFor(stores.Database)
    .WaitFor(stores.Cache)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", url => url.DisplayText = "API")
    .WithUrl("/docs", "Swagger UI");

var worker = builder.AddProject<Projects.ChatBot_Worker>("worker")
    .WithServiceDefaultsEnvironment(publishing)
    // A fresh development setup gets demo FAQs so the chat can answer at once (only into an empty knowledge base).
    .WithEnvironment("DemoData__SeedKnowledgeBase", development ? "true" : "false")
    .WithAiProvider(builder)
    .WithMail(builder)
    .WithReference(stores.Database, ConnectionNames.Database)
    .WithReference(stores.Cache, ConnectionNames.Cache)
    .WaitFor(stores.Database)
    .WaitFor(stores.Cache)
    .WithHttpHealthCheck("/health");

if (publishing)
{
    // Container Apps has no run-once step: each service migrates at start (EF Core's migration lock serialises
    // replicas), and the Api creates the deployment's first admin from the parameters azd asks for.
    api.WithEnvironment("Database__MigrateOnStart", "true")
        .WithEnvironment("InitialAdmin__Email", secrets.InitialAdminEmail!)
        .WithEnvironment("InitialAdmin__Password", secrets.InitialAdminPassword!);
    worker.WithEnvironment("Database__MigrateOnStart", "true");
}
else
{
    // Applies EF Core migrations once, then exits; the services start only after it succeeded.
    var migrations = builder.AddProject<Projects.ChatBot_Worker>("migrations", options => options.ExcludeLaunchProfile = true)
        .WithArgs("migrate")
        .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
        .WithServiceDefaultsEnvironment(publishing)
        .WithEnvironment("DevelopmentAdmin__Password", secrets.DevelopmentAdminPassword!)
        .WithReference(stores.Database, ConnectionNames.Database)
        .WaitFor(stores.Database);
    api.WaitForCompletion(migrations);
    worker.WaitForCompletion(migrations);
    builder.AddStartupBanner(stores.Mode);
    builder.AddResourceFailureReports();
}

var web = builder.AddProject<Projects.ChatBot_Web>("web")
    .WithServiceDefaultsEnvironment(publishing)
    .WithReference(api)
    // Sessions' tokens and the cookie key ring, shared by web replicas.
    .WithReference(stores.Cache, ConnectionNames.Cache)
    .WaitFor(api)
    .WaitFor(stores.Cache)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", url => url.DisplayText = "Chat");

if (publishing)
{
    // Password-reset links and the weekly report's link in emails point at the deployed web app.
    api.WithEnvironment("App__PublicWebUrl", web.GetEndpoint("https"));
    worker.WithEnvironment("App__PublicWebUrl", web.GetEndpoint("https"));
}
else if (builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0] is { Length: > 0 } dashboard)
{
    // The admin area links to the dashboard's resources and traces in development.
    web.WithEnvironment("Links__Dashboard", dashboard);
}

builder.Build().Run();
