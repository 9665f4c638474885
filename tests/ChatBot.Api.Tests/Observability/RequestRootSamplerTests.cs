using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace ChatBot.Api.Tests.Observability;

public sealed class RequestRootSamplerTests
{
    private static SamplingParameters Root(ActivityKind kind, string name = "span") =>
        new(default, ActivityTraceId.CreateRandom(), name, kind);

    [Theory]
    [InlineData(ActivityKind.Server)]
    [InlineData(ActivityKind.Internal)]
    [InlineData(ActivityKind.Consumer)]
    public void Operations_start_traces(ActivityKind kind) =>
        Assert.Equal(SamplingDecision.RecordAndSample, new RequestRootSampler(1.0).ShouldSample(Root(kind)).Decision);

    [Theory]
    [InlineData("SELECT")]
    [InlineData("HMGET")]
    [InlineData("CONNECT chatdb")]
    public void A_data_store_call_with_nothing_around_it_starts_no_trace(string name) =>
        Assert.Equal(SamplingDecision.Drop, new RequestRootSampler(1.0).ShouldSample(Root(ActivityKind.Client, name)).Decision);

    [Fact]
    public void An_outgoing_http_request_starts_a_trace_so_the_service_it_calls_keeps_its_part() =>
        Assert.Equal(SamplingDecision.RecordAndSample,
            new RequestRootSampler(1.0).ShouldSample(Root(ActivityKind.Client, "System.Net.Http.HttpRequestOut")).Decision);

    [Fact]
    public void The_ratio_decides_for_operations()
    {
        var sampler = new RequestRootSampler(0.25);

        var kept = Enumerable.Range(0, 4000).Count(_ => sampler.ShouldSample(Root(ActivityKind.Server)).Decision == SamplingDecision.RecordAndSample);

        Assert.InRange(kept, 800, 1200);
        Assert.Equal(SamplingDecision.Drop, new RequestRootSampler(0).ShouldSample(Root(ActivityKind.Server)).Decision);
    }
}
