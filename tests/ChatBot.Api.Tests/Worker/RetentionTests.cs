using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Analytics;
using ChatBot.Core.Auditing;
using ChatBot.Core.Conversations;
using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Moderation;
using ChatBot.Core.Notifications;
using ChatBot.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Api.Tests.Worker;

[Collection(WorkerCollection.Name)]
public sealed class RetentionTests(WorkerFixture fixture)
{
    [Fact]
    public async Task Retention_deletes_exactly_the_rows_past_each_cut_off_in_small_batches()
    {
        var user = await fixture.Api.CreateSignedInUserAsync();
        var now = DateTimeOffset.UtcNow;
        // Default periods: 365 days for conversations, flags and usage events; 730 for audit; 30 for mail and imports.
        var old = new Rows(user.Id, now.AddDays(-365).AddHours(-1), now.AddDays(-730).AddHours(-1), now.AddDays(-30).AddHours(-1));
        var recent = new Rows(user.Id, now.AddDays(-365).AddHours(1), now.AddDays(-730).AddHours(1), now.AddDays(-30).AddHours(1));
        // Mail never sent is not past anything: it waits to be sent (or to fail).
        var pending = OutboxEmail.Queue("welcome", user.Email, "en", new() { ["user_name"] = "x" }, user.Id, now.AddDays(-400));
        await fixture.Api.WithDbAsync(async db =>
        {
            old.AddTo(db);
            recent.AddTo(db);
            db.OutboxEmails.Add(pending);
            return await db.SaveChangesAsync();
        });

        await using var worker = await fixture.StartWorkerAsync(new Dictionary<string, string?> { ["Privacy:DeleteBatchSize"] = "10" });
        await using var scope = worker.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<RetentionService>().RunAsync(CancellationToken.None);

        Assert.Equal(new RetentionReport(Rows.ConversationCount, 1, 1, 1, 1, 1, 1), report);
        await fixture.Api.WithDbAsync(async db =>
        {
            Assert.False(await db.Conversations.AnyAsync(c => old.ConversationIds.Contains(c.Id)));
            Assert.False(await db.Messages.AnyAsync(m => old.ConversationIds.Contains(m.ConversationId)));
            Assert.Equal(Rows.ConversationCount, await db.Conversations.CountAsync(c => recent.ConversationIds.Contains(c.Id)));
            Assert.Equal(Rows.ConversationCount * 2, await db.Messages.CountAsync(m => recent.ConversationIds.Contains(m.ConversationId)));
            Assert.Equal([recent.Flag.Id], await db.ModerationFlags.Where(f => f.Id == old.Flag.Id || f.Id == recent.Flag.Id).Select(f => f.Id).ToListAsync());
            Assert.Equal([recent.Event.Id], await db.AnalyticsEvents.Where(e => e.Id == old.Event.Id || e.Id == recent.Event.Id).Select(e => e.Id).ToListAsync());
            Assert.Equal([recent.Audit.Id], await db.AuditLogs.Where(a => a.Id == old.Audit.Id || a.Id == recent.Audit.Id).Select(a => a.Id).ToListAsync());
            Assert.Equal(new[] { recent.Mail.Id, pending.Id }.Order(), (await db.OutboxEmails
                .Where(m => m.Id == old.Mail.Id || m.Id == recent.Mail.Id || m.Id == pending.Id).Select(m => m.Id).ToListAsync()).Order());
            Assert.Equal([recent.Export.Id], await db.DataExports.Where(e => e.Id == old.Export.Id || e.Id == recent.Export.Id).Select(e => e.Id).ToListAsync());
            Assert.False(await db.DataExportChunks.AnyAsync(c => c.ExportId == old.Export.Id));
            Assert.Equal([recent.Import.Id], await db.FaqImports.Where(i => i.Id == old.Import.Id || i.Id == recent.Import.Id).Select(i => i.Id).ToListAsync());
            return 0;
        });
    }

    /// <summary>One row of each retained class, at the given ages; more conversations than one delete batch holds.</summary>
    private sealed class Rows
    {
        public const int ConversationCount = 25;

        public Rows(Guid userId, DateTimeOffset dataAt, DateTimeOffset auditAt, DateTimeOffset operationalAt)
        {
            Conversations = Enumerable.Range(0, ConversationCount).Select(i => new Conversation
            {
                UserId = userId,
                CreatedAt = dataAt,
                UpdatedAt = dataAt,
                LastMessageAt = dataAt.AddMinutes(-i),
                MessageCount = 2,
                Messages =
                [
                    new Message { Role = MessageRole.User, Content = "hello", CreatedAt = dataAt },
                    new Message { Role = MessageRole.Assistant, Content = "hi", CreatedAt = dataAt },
                ],
            }).ToList();
            Flag = new ModerationFlag { Source = "input", Content = "x", Provider = "local", CreatedAt = dataAt, UserId = userId };
            Event = new AnalyticsEvent { Name = "chat.turn", OccurredAt = dataAt, UserId = userId };
            Audit = new AuditLog { Action = "auth.login", Outcome = "success", OccurredAt = auditAt, UserId = userId };
            Mail = OutboxEmail.Queue("welcome", "someone@example.com", "en", new() { ["user_name"] = "x" }, userId, operationalAt.AddMinutes(-5));
            Mail.SentAt = operationalAt;
            Mail.Data = null;
            // Exports live for a set time after they are written: these expire an hour before or after now.
            Export = new DataExport { UserId = userId, CreatedAt = operationalAt, ExpiresAt = operationalAt.AddDays(30), Status = DataExportStatus.Ready };
            Import = new FaqImport { FileName = "faqs.json", MediaType = "application/json", CreatedAt = operationalAt, FinishedAt = operationalAt, Status = FaqImportStatus.Completed };
        }

        public List<Conversation> Conversations { get; }

        public List<Guid> ConversationIds => Conversations.Select(c => c.Id).ToList();

        public ModerationFlag Flag { get; }

        public AnalyticsEvent Event { get; }

        public AuditLog Audit { get; }

        public OutboxEmail Mail { get; }

        public FaqImport Import { get; }

        public DataExport Export { get; }

        public void AddTo(ChatBotDbContext db)
        {
            db.Conversations.AddRange(Conversations);
            db.ModerationFlags.Add(Flag);
            db.AnalyticsEvents.Add(Event);
            db.AuditLogs.Add(Audit);
            db.OutboxEmails.Add(Mail);
            db.FaqImports.Add(Import);
            db.DataExports.Add(Export);
            db.DataExportChunks.Add(new DataExportChunk { ExportId = Export.Id, Sequence = 0, Data = [1, 2, 3] });
        }
    }
}
