using System.Net;
using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Notifications;
using ChatBot.DevServers;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using netDumbster.smtp;

namespace ChatBot.Api.Tests.Worker;

/// <summary>The outbox job against a real SMTP server in the test process: what a user receives, and what an outage costs.</summary>
[Collection(WorkerCollection.Name)]
public sealed class EmailDeliveryTests(WorkerFixture fixture)
{
    [Fact]
    public async Task A_reset_mail_reaches_the_inbox_and_its_code_resets_the_password()
    {
        using var smtp = SimpleSmtpServer.Start(LoopbackPorts.Free());
        await using var worker = await fixture.StartWorkerAsync(SmtpSettings(smtp.Configuration.Port));
        using var anonymous = fixture.Api.CreateClient();
        var user = await anonymous.RegisterAsync();

        using var forgot = await anonymous.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = user.Email });
        var mail = await Eventually.GetAsync(() => MailsTo(smtp, user.Email).FirstOrDefault(m => m.Subject?.Contains("password", StringComparison.OrdinalIgnoreCase) == true),
            "the password-reset mail");

        Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);
        var code = (mail.TextBody ?? "").Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("Reset code:", StringComparison.Ordinal))["Reset code:".Length..].Trim();
        Assert.Contains(Uri.EscapeDataString(code), mail.HtmlBody, StringComparison.Ordinal);
        using var reset = await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password", new { email = user.Email, token = code, new_password = "mailed-code-passphrase" });
        using var login = await fixture.Api.CreateClient().LoginRawAsync(user.Email, "mailed-code-passphrase");
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        // A sent mail keeps who and what, but not the code: not in any column of its row.
        var sent = await fixture.Api.WithDbAsync(db => db.OutboxEmails.SingleAsync(m => m.To == user.Email && m.Kind == "password_reset"));
        Assert.NotNull(sent.SentAt);
        Assert.Null(sent.Data);
        Assert.Equal("Reset your ChatBot password", sent.Subject);
        AssertHoldsNoCode(await StoredRowAsync(sent.Id), code);
    }

    [Fact]
    public async Task A_reset_mail_given_up_after_its_attempts_keeps_no_code()
    {
        using var anonymous = fixture.Api.CreateClient();
        var user = await anonymous.RegisterAsync();
        using var forgot = await anonymous.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = user.Email });
        var queued = await fixture.Api.WithDbAsync(db => db.OutboxEmails.SingleAsync(m => m.To == user.Email && m.Kind == "password_reset"));
        var code = queued.Data!["code"];

        // Nothing listens on the port, and one attempt is all a mail gets.
        await using var worker = await fixture.StartWorkerAsync(new Dictionary<string, string?>(SmtpSettings(LoopbackPorts.Free())) { ["Email:MaxAttempts"] = "1" });
        var failed = await Eventually.GetAsync(() => fixture.Api.WithDbAsync(db => db.OutboxEmails.SingleOrDefaultAsync(m => m.Id == queued.Id && m.FailedAt != null)),
            "the reset mail given up");

        Assert.Null(failed.SentAt);
        Assert.Null(failed.Data);
        Assert.NotNull(failed.LastError);
        AssertHoldsNoCode(await StoredRowAsync(failed.Id), code);
    }

    [Fact]
    public async Task A_reset_mail_still_unsent_when_its_code_expires_is_given_up_without_its_code_even_with_no_SMTP_server()
    {
        var now = DateTimeOffset.UtcNow;
        var stale = OutboxEmail.Queue("password_reset", $"stale-{Guid.NewGuid():N}@example.com", "en",
            new() { ["user_name"] = "x", ["code"] = $"stale-code-{Guid.NewGuid():N}", ["link"] = "https://chatbot.local/reset-password?token=stale" }, null, now.AddHours(-1).AddMinutes(-1));
        var fresh = OutboxEmail.Queue("password_reset", $"fresh-{Guid.NewGuid():N}@example.com", "en",
            new() { ["user_name"] = "x", ["code"] = $"fresh-code-{Guid.NewGuid():N}", ["link"] = "https://chatbot.local/reset-password?token=fresh" }, null, now.AddMinutes(-50));
        await fixture.Api.WithDbAsync(db =>
        {
            db.OutboxEmails.AddRange(stale, fresh);
            return db.SaveChangesAsync();
        });

        // The test Worker has no SMTP connection string: mail waits, and expired codes must not wait with it.
        await using var worker = await fixture.StartWorkerAsync();
        var expired = await Eventually.GetAsync(() => fixture.Api.WithDbAsync(db => db.OutboxEmails.SingleOrDefaultAsync(m => m.Id == stale.Id && m.FailedAt != null)),
            "the stale reset mail given up");

        Assert.Null(expired.Data);
        Assert.Contains("expired", expired.LastError, StringComparison.Ordinal);
        AssertHoldsNoCode(await StoredRowAsync(stale.Id), stale.Data!["code"]);
        var waiting = await fixture.Api.WithDbAsync(db => db.OutboxEmails.SingleAsync(m => m.Id == fresh.Id));
        Assert.Null(waiting.FailedAt);
        Assert.Equal(fresh.Data!["code"], waiting.Data!["code"]);
    }

    [Fact]
    public async Task While_SMTP_is_down_mail_is_retried_and_delivered_once_when_it_is_back()
    {
        var port = LoopbackPorts.Free();
        await using var worker = await fixture.StartWorkerAsync(SmtpSettings(port, firstRetrySeconds: 1));
        using var anonymous = fixture.Api.CreateClient();
        var user = await anonymous.RegisterAsync();

        await Eventually.TrueAsync(async () => await fixture.Api.WithDbAsync(db => db.OutboxEmails.AnyAsync(m => m.To == user.Email && m.Attempts >= 2)),
            "two failed attempts at the welcome mail");
        var waiting = await fixture.Api.WithDbAsync(db => db.OutboxEmails.SingleAsync(m => m.To == user.Email));
        Assert.Null(waiting.SentAt);
        Assert.Null(waiting.FailedAt);
        Assert.NotNull(waiting.LastError);

        using var smtp = SimpleSmtpServer.Start(port);
        await Eventually.GetAsync(() => MailsTo(smtp, user.Email).FirstOrDefault(), "the welcome mail after SMTP came back", TimeSpan.FromSeconds(30));
        // Further runs of the job must not send it again.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(MailsTo(smtp, user.Email));
        Assert.NotNull((await fixture.Api.WithDbAsync(db => db.OutboxEmails.SingleAsync(m => m.To == user.Email))).SentAt);
    }

    private static Dictionary<string, string?> SmtpSettings(int port, int firstRetrySeconds = 30) => new()
    {
        ["ConnectionStrings:smtp"] = $"smtp://127.0.0.1:{port}?security=none",
        ["Email:FirstRetrySeconds"] = firstRetrySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The whole stored row as PostgreSQL has it, every column included.</summary>
    private Task<string> StoredRowAsync(Guid id) =>
        fixture.Api.WithDbAsync(db => db.Database.SqlQuery<string>($"SELECT row_to_json(o)::text AS \"Value\" FROM outbox_emails o WHERE o.id = {id}").SingleAsync());

    private static void AssertHoldsNoCode(string row, string code)
    {
        Assert.DoesNotContain(code, row, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(code), row, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", row, StringComparison.Ordinal);
    }

    private static List<MimeMessage> MailsTo(SimpleSmtpServer smtp, string address) =>
        smtp.ReceivedEmail.Where(m => m.ToAddresses.Any(a => a.Address.Equals(address, StringComparison.OrdinalIgnoreCase)))
            .Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();
}
