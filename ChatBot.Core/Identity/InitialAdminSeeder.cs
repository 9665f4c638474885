using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Identity;

/// <summary>Creates the deployment's first admin when one is configured and the database has no admin yet.</summary>
public sealed class InitialAdminSeeder(
    UserManager<User> users,
    IOptions<InitialAdminOptions> options,
    TimeProvider time,
    ILogger<InitialAdminSeeder> logger)
{
    public async Task SeedAsync()
    {
        var admin = options.Value;
        if (!admin.IsConfigured || (await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var email = admin.Email!.Trim().ToLowerInvariant();
        var userName = await users.FindByNameAsync("admin") is null ? "admin" : $"admin-{Guid.NewGuid():N}"[..14];
        var user = new User { Email = email, UserName = userName, EmailConfirmed = true, CreatedAt = now, UpdatedAt = now };
        var created = await users.CreateAsync(user, admin.Password!);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the initial admin: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, Roles.Admin);
        logger.LogInformation("Created the initial admin account {UserId}", user.Id);
    }
}
