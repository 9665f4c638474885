namespace ChatBot.Web;

/// <summary>Addresses the admin area links to: the Aspire dashboard in development (set by the AppHost).</summary>
public sealed class WebLinks
{
    public const string Section = "Links";

    public string? Dashboard { get; set; }
}

public static class WebLinksExtensions
{
    public static IHostApplicationBuilder AddWebLinks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebLinks>().BindConfiguration(WebLinks.Section);
        return builder;
    }
}
