using ChatBot.Api.Auditing;
using ChatBot.Api.Auth;
using ChatBot.Api.Infrastructure;
using ChatBot.Api.Users;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using ChatBot.Core.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Admin;

/// <summary>What admins do to other accounts: list, change role, disable, enable.</summary>
public sealed class AdminUserService(
    ChatBotDbContext db,
    UserManager<User> users,
    AccountService accounts,
    AuditTrail audit,
    TimeProvider time)
{
    public async Task<PagedResponse<UserResponse>> ListAsync(UserListQuery query, CancellationToken cancellationToken)
    {
        var accounts = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = LikePatterns.Containing(query.Search.Trim().ToUpperInvariant());
            accounts = accounts.Where(u => EF.Functions.Like(u.NormalizedEmail!, pattern, "\\") ||
                                           EF.Functions.Like(u.NormalizedUserName!, pattern, "\\"));
        }

        var total = await accounts.CountAsync(cancellationToken);
        var page = await accounts.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(u => new
            {
                User = u,
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .ToListAsync(cancellationToken);
        return new PagedResponse<UserResponse>(
            page.Select(row => UserResponse.From(row.User, SessionService.PrimaryRole(row.Roles))).ToList(),
            total, query.Page, query.PageSize);
    }

    public async Task<Result<UserResponse>> ChangeRoleAsync(Guid adminId, Guid userId, string role, CancellationToken cancellationToken)
    {
        var normalized = role.Trim().ToLowerInvariant();
        if (!Roles.All.Contains(normalized))
        {
            return Result<UserResponse>.Invalid("role", $"Use one of: {string.Join(", ", Roles.All)}.");
        }

        if (adminId == userId)
        {
            return Result<UserResponse>.Conflict("Admins cannot change their own role (ask another admin), so the last admin cannot lock everyone out.");
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return Result<UserResponse>.NotFound();
        }

        var previous = SessionService.PrimaryRole(await users.GetRolesAsync(user));
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, normalized);
        // A new stamp voids access tokens that still carry the old role; refresh tokens stay valid and get the new one.
        await users.UpdateSecurityStampAsync(user);
        await accounts.PublishStampAsync(user);
        await audit.RecordAsync(AuditActions.RoleChange, succeeded: true, user.Id, new { from = previous, to = normalized }, adminId, cancellationToken);
        return Result<UserResponse>.Ok(UserResponse.From(user, normalized));
    }

    public async Task<Result<UserResponse>> SetDisabledAsync(Guid adminId, Guid userId, bool disabled, CancellationToken cancellationToken)
    {
        // Enabling yourself is a harmless no-op (a signed-in admin is enabled); only disabling yourself is refused.
        if (adminId == userId && disabled)
        {
            return Result<UserResponse>.Conflict("Admins cannot disable their own account.");
        }

        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return Result<UserResponse>.NotFound();
        }

        if (!disabled && !user.IsDisabled)
        {
            // Already enabled: changing nothing keeps the account's tokens (a new security stamp would end them).
            return Result<UserResponse>.Ok(UserResponse.From(user, SessionService.PrimaryRole(await users.GetRolesAsync(user))));
        }

        user.IsDisabled = disabled;
        user.DisabledAt = disabled ? time.GetUtcNow() : null;
        user.UpdatedAt = time.GetUtcNow();
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        if (disabled)
        {
            await accounts.AfterCredentialsChangedAsync(user, "account_disabled", cancellationToken);
        }
        else
        {
            await accounts.PublishStampAsync(user);
        }

        await audit.RecordAsync(disabled ? AuditActions.Disable : AuditActions.Enable, succeeded: true, user.Id, actorId: adminId, cancellationToken: cancellationToken);
        return Result<UserResponse>.Ok(UserResponse.From(user, SessionService.PrimaryRole(await users.GetRolesAsync(user))));
    }

}
