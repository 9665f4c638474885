using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class ForwardedHeadersExtensions
{
    /// <summary>Networks whose proxies may tell a service the client's address (<c>X-Forwarded-For</c>).</summary>
    public const string KnownNetworksKey = "ForwardedHeaders:KnownNetworks";

    /// <summary>
    /// Trusts <c>X-Forwarded-For</c> only from loopback and the configured networks (the ingress, the web app), never
    /// from anyone: a client that could name its own address would dodge per-address limits and fake the audit trail.
    /// Up to two hops: browser, ingress, web app.
    /// </summary>
    public static TBuilder AddForwardedHeadersFromKnownNetworks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var networks = builder.Configuration.GetSection(KnownNetworksKey).Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 2;
            foreach (var network in networks.Where(n => !string.IsNullOrWhiteSpace(n)))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline, so limits, audit rows and sessions see the real client address.</summary>
    public static WebApplication UseForwardedHeadersFromKnownNetworks(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}
