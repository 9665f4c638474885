using MailKit.Net.Smtp;
using MimeKit;

namespace ChatBot.Worker.Email;

/// <summary>Sends mail over SMTP with MailKit; one connection per batch.</summary>
public sealed class MailSender
{
    public static async Task<SmtpClient> ConnectAsync(SmtpOptions smtp, CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = 15_000 };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, cancellationToken);
            if (smtp.UserName is not null)
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The message for one outbox mail. Its Message-ID comes from the outbox id, so if a crash ever makes the job send a
    /// mail again, mail clients recognise the copy.
    /// </summary>
    public static MimeMessage Compose(Guid outboxId, string from, string to, RenderedEmail email)
    {
        var message = new MimeMessage
        {
            MessageId = $"{outboxId:N}@chatbot",
            Subject = email.Subject,
            Body = new BodyBuilder { TextBody = email.Text, HtmlBody = email.Html }.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }
}
