using System.Net;
using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using ChatBot.Core.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Worker;

[Collection(WorkerCollection.Name)]
public sealed class ImportRecoveryTests(WorkerFixture fixture)
{
    private static readonly Dictionary<string, string?> ShortLeases = new()
    {
        ["Import:BatchSize"] = "25",
        ["Import:LeaseSeconds"] = "5",
    };

    [Fact]
    public async Task An_import_whose_Worker_is_killed_midway_is_finished_by_the_next_Worker_without_duplicates()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var marker = Guid.NewGuid().ToString("N")[..12];
        const int rows = 1500;
        var file = Enumerable.Range(1, rows).Select(i => new
        {
            id = $"{marker}-{i}",
            question = $"How do I change setting number {i} on plan {marker}?",
            answer = $"Open Settings, then item {i}.",
            category = $"Recovery {marker}",
        }).ToArray();

        Guid importId;
        await using (var doomed = WorkerProcess.Start(fixture, ShortLeases))
        {
            using var accepted = await moderator.PostAsJsonAsync("/api/v1/faqs/import", file);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            importId = (await accepted.ReadJsonAsync()).GetProperty("id").GetGuid();
            await Eventually.TrueAsync(async () => (await ImportAsync(importId)).DoneRows >= 50, "the first Worker to write some batches", TimeSpan.FromSeconds(90));
            doomed.Kill();
        }

        var interrupted = await ImportAsync(importId);
        Assert.Equal(FaqImportStatus.Running, interrupted.Status);
        Assert.InRange(interrupted.DoneRows, 50, rows - 1);
        Assert.Equal(interrupted.DoneRows, await FaqCountAsync(marker));

        await using var survivor = await fixture.StartWorkerAsync(ShortLeases);
        await Eventually.TrueAsync(async () => (await ImportAsync(importId)).Status != FaqImportStatus.Running, "the import to be finished", TimeSpan.FromSeconds(120));

        var finished = await ImportAsync(importId);
        Assert.Equal(FaqImportStatus.Completed, finished.Status);
        Assert.Equal(2, finished.Attempts);
        Assert.Equal(rows, finished.DoneRows);
        Assert.Equal(rows, finished.CreatedCount);
        Assert.Equal(0, finished.UpdatedCount);
        Assert.Equal(rows, await FaqCountAsync(marker));
        Assert.Equal(rows, await fixture.Api.WithDbAsync(db => db.Faqs.Where(f => f.ExternalId!.StartsWith(marker)).Select(f => f.Question).Distinct().CountAsync()));
        Assert.Equal(1, await fixture.Api.WithDbAsync(db => db.FaqCategories.CountAsync(c => c.Name == $"Recovery {marker}")));
    }

    [Fact]
    public async Task A_queued_import_above_the_Workers_row_limit_fails_with_the_limit_named_and_writes_nothing()
    {
        var marker = Guid.NewGuid().ToString("N")[..12];
        var rows = Enumerable.Range(1, 4).Select(i => new { id = $"{marker}-{i}", question = $"Limited question {i} {marker}?", answer = "An answer." });
        // Accepted under a higher limit (or before it was lowered): the Worker checks again.
        var import = new FaqImport
        {
            FileName = "faqs.json",
            MediaType = "application/json",
            Content = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(rows),
            TotalRows = 4,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        await fixture.Api.WithDbAsync(db =>
        {
            db.FaqImports.Add(import);
            return db.SaveChangesAsync();
        });

        await using var worker = await fixture.StartWorkerAsync(new Dictionary<string, string?> { ["Import:MaxRows"] = "3" });
        await Eventually.TrueAsync(async () => (await ImportAsync(import.Id)).FinishedAt is not null, "the import to be finished", TimeSpan.FromSeconds(60));

        var failed = await ImportAsync(import.Id);
        Assert.Equal(FaqImportStatus.Failed, failed.Status);
        Assert.Equal("file: The file holds 4 FAQs; one import takes at most 3 (Import:MaxRows). Split it into smaller files.", Assert.Single(failed.Errors));
        Assert.Null(failed.Content);
        Assert.Equal(0, await FaqCountAsync(marker));
    }

    private Task<FaqImport> ImportAsync(Guid id) =>
        fixture.Api.WithDbAsync(db => db.FaqImports.AsNoTracking().SingleAsync(i => i.Id == id));

    private Task<int> FaqCountAsync(string marker) =>
        fixture.Api.WithDbAsync(db => db.Faqs.CountAsync(f => f.ExternalId!.StartsWith(marker)));
}
