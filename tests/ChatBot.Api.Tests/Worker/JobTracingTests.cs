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

        using var accepted = await moderator.PostAsJsonAsync("/api/v1/faqs/import", new[] { new { question, answer = "Traced answer." } });

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var import = await Eventually.GetAsync(() => spans.Snapshot().FirstOrDefault(s => s.OperationName == "faq.import"),
            "the import job's span", TimeSpan.FromSeconds(30));
        var request = Assert.Single(spans.Snapshot(), s => s.Kind == ActivityKind.Server && s.DisplayName == "POST /api/v1/faqs/import");
        var link = Assert.Single(import.Links);
        Assert.Equal(request.TraceId, link.Context.TraceId);
        Assert.NotEqual(request.TraceId, import.TraceId);
        // The work inside the job (embedding, database writes) belongs to the job's own trace.
        await Eventually.TrueAsync(() => spans.Snapshot().Any(s => s.TraceId == import.TraceId && s.ParentSpanId == import.SpanId),
            "spans inside the import job");
    }
}
