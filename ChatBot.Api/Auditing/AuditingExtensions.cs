namespace ChatBot.Api.Auditing;

public static class AuditingExtensions
{
    /// <summary>The audit trail of security-relevant actions.</summary>
    public static WebApplicationBuilder AddAuditing(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditTrail>();
        return builder;
    }
}
