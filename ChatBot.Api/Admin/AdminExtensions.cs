namespace ChatBot.Api.Admin;

public static class AdminExtensions
{
    /// <summary>Account administration and the background-jobs overview.</summary>
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AdminUserService>();
        builder.Services.AddScoped<JobsReader>();
        return builder;
    }
}
