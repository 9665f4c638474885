using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Identity;

/// <summary>Creates (or repairs) the development admin account so a fresh checkout can sign in as admin at once.</summary>
public sealed class DevelopmentAdminSeeder(
    UserManager<User> users,
    IOptions<DevelopmentAdminOptions> options,
    TimeProvider time,
    ILogger<DevelopmentAdminSeeder> logger)
{
    public async Task SeedAsync()
    {
        var admin = options.Value;
        if (string.IsNullOrEmpty(admin.Password))
        {
            logger.LogInformation("No development admin password configured; no admin account seeded");
            return;
        }

        var user = await users.FindByEmailAsync(admin.Email);
        if (user is null)
        {
            var now = time.GetUtcNow();
            user = new User { Email = admin.Email, UserName = admin.UserName, EmailConfirmed = true, CreatedAt = now, UpdatedAt = now };
            Ensure(await users.CreateAsync(user, admin.Password), "create the development admin");
        }
        else if (!await users.CheckPasswordAsync(user, admin.Password))
        {
            // The configured password is the source of truth in development.
            var token = await users.GeneratePasswordResetTokenAsync(user);
            Ensure(await users.ResetPasswordAsync(user, token, admin.Password), "reset the development admin's password");
        }

        var roles = await users.GetRolesAsync(user);
        if (!roles.SequenceEqual([Roles.Admin]))
        {
            Ensure(await users.RemoveFromRolesAsync(user, roles), "clear the development admin's roles");
            Ensure(await users.AddToRoleAsync(user, Roles.Admin), "make the development admin an admin");
        }

        logger.LogInformation("Development admin {Email} is ready", admin.Email);
    }

    private static void Ensure(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
