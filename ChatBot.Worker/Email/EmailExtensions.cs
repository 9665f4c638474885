namespace ChatBot.Worker.Email;

public static class EmailExtensions
{
    /// <summary>Sending the outbox over SMTP (MailKit), with the product's templates.</summary>
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<OutboxSender>();
        return builder;
    }
}
