namespace ChatBot.Api.Users;

public static class UsersExtensions
{
    /// <summary>The signed-in user's own profile.</summary>
    public static WebApplicationBuilder AddUsers(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProfileService>();
        builder.Services.AddScoped<ProfileReader>();
        return builder;
    }
}
