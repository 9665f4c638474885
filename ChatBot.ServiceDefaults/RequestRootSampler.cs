using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Decides for spans that start a trace (children follow their parent through <see cref="ParentBasedSampler"/>).
/// A database or cache call with no operation around it comes from a background loop (stream polling, cache refresh,
/// connection pools): thousands of such one-span traces would bury the requests, so they are dropped. Work worth a
/// trace starts one of its own (a request, a job, a chat turn). An outgoing HTTP request is kept even without a parent:
/// it carries the trace into the service it calls, which would otherwise drop the whole request as "not sampled".
/// Everything else is kept at the configured ratio.
/// </summary>
public sealed class RequestRootSampler(double ratio) : Sampler
{
    /// <summary>The operation name .NET gives outgoing HttpClient requests.</summary>
    private const string HttpClientOperation = "System.Net.Http.HttpRequestOut";

    private readonly TraceIdRatioBasedSampler _ratio = new(Math.Clamp(ratio, 0, 1));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == ActivityKind.Client && samplingParameters.Name != HttpClientOperation
            ? new SamplingResult(SamplingDecision.Drop)
            : _ratio.ShouldSample(samplingParameters);
}
