namespace ChatBot.Api.Privacy;

public static class PrivacyExtensions
{
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConsentService>();
        builder.Services.AddScoped<DataExportService>();
        builder.Services.AddScoped<AccountEraser>();
        return builder;
    }
}
