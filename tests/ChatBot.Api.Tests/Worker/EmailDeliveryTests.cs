using System.Net;
using System.Net.Http.Json;
using ChatBot.Api.Tests.Infrastructure;
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
        // A sent mail keeps who and what, but not the code.
        var sent = await fixture.Api.WithDbAsync(db => db.OutboxEmails.SingleAsync(m => m.To == user.Email && m.Kind == "password_reset"));
        Assert.NotNull(sent.SentAt);
        Assert.Null(sent.Data);
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

    private static List<MimeMessage> MailsTo(SimpleSmtpServer smtp, string address) =>
        smtp.ReceivedEmail.Where(m => m.ToAddresses.Any(a => a.Address.Equals(address, StringComparison.OrdinalIgnoreCase)))
            .Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)))).ToList();
}
