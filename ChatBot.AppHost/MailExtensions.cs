namespace ChatBot.AppHost;

internal static class MailExtensions
{
    /// <summary>
    /// Where the Worker sends mail. In development: a local inbox (smtp4dev, a .NET tool from the repository's tool
    /// manifest) whose web UI the dashboard links as "Inbox", so a new user can follow a password-reset mail end to end.
    /// When published: an <c>smtp</c> connection string azd asks for
    /// (<c>smtp://user:password@host:587?security=starttls</c>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithMail(this IResourceBuilder<ProjectResource> worker, IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return worker.WithReference(builder.AddConnectionString("smtp"));
        }

        var repository = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var smtp4dev = LocalToolCommand.For(repository, "rnwood.smtp4dev", "smtp4dev");
        var inbox = builder.AddExecutable("mail", smtp4dev.Command, repository, [.. smtp4dev.Arguments])
            .WithHttpEndpoint(name: "http")
            .WithEndpoint(name: "smtp", scheme: "tcp");
        var http = inbox.GetEndpoint("http");
        var smtp = inbox.GetEndpoint("smtp");
        inbox.WithArgs(
                ReferenceExpression.Create($"--urls=http://localhost:{http.Property(EndpointProperty.TargetPort)}"),
                ReferenceExpression.Create($"--smtpport={smtp.Property(EndpointProperty.TargetPort)}"),
                "--imapport=0", "--pop3port=0", "--tlsmode=None", "--nousersettings", "--db=")
            .WithUrlForEndpoint("http", url => url.DisplayText = "Inbox")
            .WithHttpHealthCheck("/")
            .WithEnvironment("DOTNET_ROOT", DotnetInstallation.Root);
        return worker.WithEnvironment("ConnectionStrings__smtp",
            ReferenceExpression.Create($"smtp://{smtp.Property(EndpointProperty.Host)}:{smtp.Property(EndpointProperty.Port)}?security=none"));
    }
}
