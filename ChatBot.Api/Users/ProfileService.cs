using ChatBot.Api.Auditing;
using ChatBot.Api.Auth;
using ChatBot.Api.Privacy;
using ChatBot.Core.Identity;
using ChatBot.Core.Results;
using Microsoft.AspNetCore.Identity;

namespace ChatBot.Api.Users;

/// <summary>Edits the signed-in user's own profile, keeping consent history (reads: <see cref="ProfileReader"/>).</summary>
public sealed class ProfileService(
    UserManager<User> users, AccountService accounts, ConsentService consents, AuditTrail audit, TimeProvider time)
{
    public async Task<Result<UserResponse>> UpdateAsync(Guid userId, UpdateProfileRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return Result<UserResponse>.NotFound();
        }

        var now = time.GetUtcNow();
        if (request.Username is { } userName && userName != user.UserName)
        {
            var renamed = await users.SetUserNameAsync(user, userName);
            if (!renamed.Succeeded)
            {
                return renamed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))
                    ? Result<UserResponse>.Conflict("This user name is taken.")
                    : Result<UserResponse>.Invalid("username", renamed.Errors.First().Description);
            }

            // Identity rotated the security stamp with the name: tell every replica, or fresh tokens would look stale.
            await accounts.PublishStampAsync(user);
        }

        user.DisplayName = request.DisplayName ?? user.DisplayName;
        user.PreferredLanguage = request.PreferredLanguage ?? user.PreferredLanguage;
        user.WeeklyReportOptIn = request.WeeklyReport ?? user.WeeklyReportOptIn;
        var consentChanges = consents.Apply(user, request.GdprConsent, request.DataProcessingConsent, request.MarketingConsent, client);
        user.UpdatedAt = now;
        await users.UpdateAsync(user);
        await consents.AfterSavedAsync(user.Id, consentChanges, cancellationToken);
        await audit.RecordAsync(AuditActions.ProfileUpdate, succeeded: true, user.Id, cancellationToken: cancellationToken);
        return Result<UserResponse>.Ok(UserResponse.From(user, SessionService.PrimaryRole(await users.GetRolesAsync(user))));
    }
}
