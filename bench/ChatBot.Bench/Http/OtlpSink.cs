using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatBot.Bench.Http;

/// <summary>
/// Accepts OTLP/HTTP exports (traces, metrics, logs), counts and drops them: the Api pays what exporting costs it, as
/// under Aspire, without a dashboard's ingestion competing for the same two cores.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private WebApplication? _app;
    private int _exports;

    /// <summary>Export requests received so far (any signal).</summary>
    public int Exports => Volatile.Read(ref _exports);

    public static async Task<OtlpSink> StartAsync(int port)
    {
        var sink = new OtlpSink();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        sink._app = builder.Build();
        // An empty protobuf body is a valid, empty Export*ServiceResponse.
        sink._app.MapPost("/v1/{signal}", async (HttpContext http) =>
        {
            await http.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref sink._exports);
            return Results.Bytes([], "application/x-protobuf");
        });
        await sink._app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
