using ChatBot.Api.Auth;
using ChatBot.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Api.Tests.Authorization;

[Collection(ApiCollection.Name)]
public sealed class EndpointPolicyTests(ApiFixture fixture)
{
    private static readonly HashSet<string> KnownPolicies = [Policies.User, Policies.Moderator, Policies.Admin];

    [Fact]
    public void Every_endpoint_declares_a_named_policy_or_allows_anonymous_access()
    {
        var endpoints = fixture.Api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);

        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is { } policy && KnownPolicies.Contains(policy)))
            .Select(e => e.DisplayName ?? e.RoutePattern.RawText)
            .ToList();

        Assert.True(undeclared.Count == 0, "Endpoints without a policy: " + string.Join(", ", undeclared));
    }
}
