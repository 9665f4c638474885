using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatBot.Bench.Http;

/// <summary>
/// The reference: the smallest ASP.NET Core app that answers JSON (one minimal-API endpoint, no middleware), measured
/// with the same load tool in the same run, so the Api's figures read as a share of what this machine's Kestrel does.
/// </summary>
public static class BareKestrel
{
    public static async Task<WebApplication> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/json", () => TypedResults.Ok(new Greeting("Hello, World!")));
        await app.StartAsync();
        return app;
    }

    private sealed record Greeting(string Message);
}
