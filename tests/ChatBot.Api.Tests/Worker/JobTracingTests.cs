using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ChatBot.Api.Tests.Worker;

[Collection(WorkerCollection.Name)]
public sealed class JobTracingTests(WorkerFixture fixture)
{
    [Fact]
    public async Task The_import_job_span_links_to_the_trace_of_the_request_that_queued_it()
    {
        // Api and Worker share this process, so the Worker's exporter sees the Api's request spans as well.
        var spans = new ConcurrentCollection<Activity>();
        await using var worker = await fixture.StartWorkerAsync(configureServices: services =>
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var question = $"Traced question {Guid.NewGuid():N}?";

        // Other tests import meanwhile in this process: ours is the request in the trace its traceparent header names.
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/v1/faqs/import")
        {
            Content = JsonContent.Create(new[] { new { question, answer = "Traced answer." } }),
        };
        using var accepted = await moderator.SendAsync(post);
        var caller = ActivityContext.Parse(post.Headers.GetValues("traceparent").Single(), null).TraceId;

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var import = await Eventually.GetAsync(() => spans.Snapshot().FirstOrDefault(s => s.OperationName == "faq.import" && s.Links.Any(l => l.Context.TraceId == caller)),
            "the import job's span, linked to the request", TimeSpan.FromSeconds(30));
        var request = Assert.Single(spans.Snapshot(), s => s.Kind == ActivityKind.Server && s.TraceId == caller);
        Assert.Equal("POST /api/v1/faqs/import", request.DisplayName);
        var link = Assert.Single(import.Links);
        Assert.Equal(request.TraceId, link.Context.TraceId);
        Assert.NotEqual(request.TraceId, import.TraceId);
        // The work inside the job (embedding, database writes) belongs to the job's own trace.
        await Eventually.TrueAsync(() => spans.Snapshot().Any(s => s.TraceId == import.TraceId && s.ParentSpanId == import.SpanId),
            "spans inside the import job");
    }
}
