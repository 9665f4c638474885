using ChatBot.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Core.Identity;

public static class IdentityExtensions
{
    /// <summary>How long a password-reset code works; a reset mail that could not be sent in this time is not sent.</summary>
    public static readonly TimeSpan PasswordResetLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// ASP.NET Core Identity over <see cref="ChatBotDbContext"/>: password hashing, lockout, security stamps and
    /// reset tokens (Data Protection keys in the database, so every replica validates every token; encrypted by
    /// <see cref="KeyRingExtensions.AddKeyRingEncryption"/>).
    /// </summary>
    public static IdentityBuilder AddChatBotIdentity(this IServiceCollection services, Action<IdentityOptions>? configure = null)
    {
        services.AddDataProtection()
            .SetApplicationName("ChatBot")
            .PersistKeysToDbContext<ChatBotDbContext>();

        var identity = services.AddIdentityCore<User>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.User.AllowedUserNameCharacters = UserNameRules.AllowedCharacters;
                options.Password.RequiredLength = 8;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                configure?.Invoke(options);
            })
            .AddRoles<Role>()
            .AddEntityFrameworkStores<ChatBotDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = PasswordResetLifetime);
        services.AddOptions<InitialAdminOptions>().BindConfiguration(InitialAdminOptions.Section);
        services.AddTransient<InitialAdminSeeder>();
        return identity;
    }
}
