using ChatBot.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatBot.Core.Identity;

/// <summary>Creates the deployment's first admin when one is configured and the database has no admin yet.</summary>
public sealed class InitialAdminSeeder(
    ChatBotDbContext db,
    UserManager<User> users,
    IOptions<InitialAdminOptions> options,
    TimeProvider time,
    ILogger<InitialAdminSeeder> logger)
{
    /// <summary>Any constant: it only has to differ from other advisory locks the app might take.</summary>
    private const long SeedLock = 0x43_68_61_74_41_64_6d; // "ChatAdm"

    public async Task SeedAsync()
    {
        var admin = options.Value;
        if (!admin.IsConfigured)
        {
            return;
        }

        // Api and Worker replicas start together when published, each seeding: one transaction under one lock, so there
        // is exactly one admin, and never an account created without its role by a start that died half-way.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLock})");
            if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
            {
                return;
            }

            var now = time.GetUtcNow();
            var email = admin.Email!.Trim().ToLowerInvariant();
            var userName = await users.FindByNameAsync("admin") is null ? "admin" : $"admin-{Guid.NewGuid():N}"[..14];
            var user = new User { Email = email, UserName = userName, EmailConfirmed = true, CreatedAt = now, UpdatedAt = now };
            Check(await users.CreateAsync(user, admin.Password!));
            Check(await users.AddToRoleAsync(user, Roles.Admin));
            await transaction.CommitAsync();
            logger.LogInformation("Created the initial admin account {UserId}", user.Id);
        });
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the initial admin: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
