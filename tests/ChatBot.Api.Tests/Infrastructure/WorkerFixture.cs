namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>
/// Servers of their own for the Worker's tests: no shared Worker, so each test starts the Workers it needs (with an
/// SMTP server, short leases, fast schedules) and no other Worker takes its work.
/// </summary>
public sealed class WorkerFixture : ApiFixture
{
    protected override bool StartsWorker => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The first Worker creates Quartz's tables; done here, so tests' Workers start in a moment.
        await using var first = await StartWorkerAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WorkerCollection : ICollectionFixture<WorkerFixture>
{
    public const string Name = "worker";
}
