using ChatBot.Api.Auth;
using ChatBot.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Users;

/// <summary>
/// The signed-in user's profile, the hottest authenticated read. It needs only the database: resolving
/// <see cref="ProfileService"/> would build Identity's user manager and its token providers on every call.
/// </summary>
public sealed class ProfileReader(ChatBotDbContext db)
{
    /// <summary>Compiled once: the user and their role names in one untracked query, without per-call LINQ translation.</summary>
    private static readonly Func<ChatBotDbContext, Guid, CancellationToken, Task<ProfileRow?>> Profile =
        EF.CompileAsyncQuery((ChatBotDbContext db, Guid userId, CancellationToken _) => db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new ProfileRow(u, db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList()))
            .SingleOrDefault());

    public async Task<UserResponse?> GetAsync(Guid userId, CancellationToken cancellationToken) =>
        await Profile(db, userId, cancellationToken) is { } profile
            ? UserResponse.From(profile.User, SessionService.PrimaryRole(profile.Roles))
            : null;

    private sealed record ProfileRow(Core.Identity.User User, List<string> Roles);
}
