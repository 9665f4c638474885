using ChatBot.Api.Tests.Infrastructure;

namespace ChatBot.Api.Tests.Reliability;

/// <summary>
/// Chat servers of their own for tests that crash and restart PostgreSQL or Redis: a restarted Redis comes back empty,
/// which no other collection should have to live with.
/// </summary>
public sealed class OutageFixture : ChatFixture;

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageFixture>
{
    public const string Name = "outage";
}
