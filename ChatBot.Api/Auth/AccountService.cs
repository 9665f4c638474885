using ChatBot.Api.Auditing;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using ChatBot.Core.Notifications;
using ChatBot.Core.Privacy;
using ChatBot.Core.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBot.Api.Auth;

/// <summary>Account life cycle: register, sign in, change and reset passwords. Endpoints map its outcomes to HTTP.</summary>
public sealed class AccountService(
    ChatBotDbContext db,
    UserManager<User> users,
    SignInManager<User> signIn,
    SessionService sessions,
    TokenRevocationStore revocations,
    AuditTrail audit,
    IOptions<AppLinksOptions> links,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    /// <summary>Verified against when the account does not exist, so a miss costs as much time as a wrong password.</summary>
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<User>().HashPassword(new User(), Guid.NewGuid().ToString()));

    public async Task<Result<User>> RegisterAsync(RegisterRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = new User
        {
            Email = request.Email.Trim().ToLowerInvariant(),
            UserName = request.Username.Trim(),
            PreferredLanguage = request.Language ?? "en",
            CreatedAt = now,
            UpdatedAt = now,
            GdprConsent = request.GdprConsent,
            GdprConsentAt = request.GdprConsent ? now : null,
            DataProcessingConsent = request.DataProcessingConsent,
            DataProcessingConsentAt = request.DataProcessingConsent ? now : null,
            MarketingConsent = request.MarketingConsent,
            MarketingConsentAt = request.MarketingConsent ? now : null,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, request.Password);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Lost a race with an identical registration: same answer as the checked path.
            return Result<User>.Conflict("An account with this email or user name already exists.");
        }

        if (!created.Succeeded)
        {
            return FromIdentityErrors<User>(created, passwordField: "password");
        }

        await users.AddToRoleAsync(user, Roles.User);
        foreach (var (consent, granted) in ConsentsOf(request))
        {
            db.ConsentRecords.Add(ConsentHistory.Entry(user.Id, consent, granted, client, now));
        }

        db.OutboxEmails.Add(OutboxEmail.Queue(EmailKinds.Welcome, user.Email, user.PreferredLanguage, new Dictionary<string, string>
        {
            [EmailKinds.Keys.UserName] = user.UserName,
            [EmailKinds.Keys.Link] = links.Value.PublicWebUrl,
        }, user.Id, now));

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.Register, succeeded: true, user.Id, cancellationToken: cancellationToken);
        return Result<User>.Ok(user);
    }

    public async Task<LoginOutcome> LoginAsync(LoginRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        var login = request.Login;
        var user = login.Contains('@', StringComparison.Ordinal)
            ? await users.FindByEmailAsync(login)
            : await users.FindByNameAsync(login);
        if (user is null)
        {
            new PasswordHasher<User>().VerifyHashedPassword(new User(), DummyHash.Value, request.Password);
            await audit.RecordAsync(AuditActions.Login, succeeded: false, userId: null, new { reason = "unknown_account" }, cancellationToken: cancellationToken);
            AuthLog.SignIn(logger, "refused (unknown account)", login, client.IpAddress, null);
            return LoginOutcome.InvalidCredentials();
        }

        var result = await signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            await audit.RecordAsync(AuditActions.Lockout, succeeded: false, user.Id, cancellationToken: cancellationToken);
            AuthLog.SignIn(logger, "refused (locked out)", login, client.IpAddress, user.Id);
            var retryAfter = user.LockoutEnd is { } end ? end - time.GetUtcNow() : TimeSpan.FromMinutes(1);
            return LoginOutcome.LockedOut(retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
        }

        if (!result.Succeeded)
        {
            await audit.RecordAsync(AuditActions.Login, succeeded: false, user.Id, new { reason = "wrong_password" }, cancellationToken: cancellationToken);
            AuthLog.SignIn(logger, "refused (wrong password)", login, client.IpAddress, user.Id);
            return LoginOutcome.InvalidCredentials();
        }

        if (user.IsDisabled)
        {
            await audit.RecordAsync(AuditActions.Login, succeeded: false, user.Id, new { reason = "disabled" }, cancellationToken: cancellationToken);
            AuthLog.SignIn(logger, "refused (disabled)", login, client.IpAddress, user.Id);
            return LoginOutcome.Disabled();
        }

        user.LastLoginAt = time.GetUtcNow();
        await users.UpdateAsync(user);
        var tokens = await sessions.StartAsync(user, client, cancellationToken);
        await audit.RecordAsync(AuditActions.Login, succeeded: true, user.Id, cancellationToken: cancellationToken);
        AuthLog.SignIn(logger, "succeeded", login, client.IpAddress, user.Id);
        return LoginOutcome.Success(tokens);
    }

    /// <summary>Changes the password, ends every other session and returns a new access token for this one.</summary>
    public async Task<Result<IssuedAccessToken>> ChangePasswordAsync(
        Guid userId, Guid sessionId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return Result<IssuedAccessToken>.NotFound();
        }

        // A stolen access token must not get more guesses than sign-in gives: a locked account is asked nothing.
        if (await users.IsLockedOutAsync(user))
        {
            await audit.RecordAsync(AuditActions.PasswordChange, succeeded: false, user.Id, new { reason = "locked_out" }, cancellationToken: cancellationToken);
            return Result<IssuedAccessToken>.Locked("Too many wrong passwords: the account is locked for a while. Try again later or reset the password.");
        }

        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                await users.AccessFailedAsync(user);
                await audit.RecordAsync(AuditActions.PasswordChange, succeeded: false, user.Id, new { reason = "wrong_current_password" }, cancellationToken: cancellationToken);
                return Result<IssuedAccessToken>.Invalid("current_password", "The current password is not correct.");
            }

            return FromIdentityErrors<IssuedAccessToken>(changed, passwordField: "new_password");
        }

        await AfterCredentialsChangedAsync(user, "password_changed", cancellationToken, keepSession: sessionId);
        await audit.RecordAsync(AuditActions.PasswordChange, succeeded: true, user.Id, cancellationToken: cancellationToken);
        return Result<IssuedAccessToken>.Ok(await sessions.IssueAccessTokenAsync(user, sessionId));
    }

    /// <summary>Queues a reset email when the account exists; callers answer the same either way.</summary>
    public async Task RequestPasswordResetAsync(string email, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || user.IsDisabled)
        {
            await audit.RecordAsync(AuditActions.PasswordResetRequest, succeeded: false, userId: null, new { reason = "unknown_account" }, cancellationToken: cancellationToken);
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{links.Value.PublicWebUrl.TrimEnd('/')}/reset-password?email={Uri.EscapeDataString(user.Email!)}&token={Uri.EscapeDataString(token)}";
        db.OutboxEmails.Add(OutboxEmail.Queue(EmailKinds.PasswordReset, user.Email!, user.PreferredLanguage, new Dictionary<string, string>
        {
            [EmailKinds.Keys.UserName] = user.UserName ?? "",
            [EmailKinds.Keys.Link] = link,
            [EmailKinds.Keys.Code] = token,
        }, user.Id, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditActions.PasswordResetRequest, succeeded: true, user.Id, cancellationToken: cancellationToken);
    }

    public async Task<Result<bool>> ResetPasswordAsync(ResetPasswordRequest request, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(request.Email.Trim());
        var reset = user is null ? IdentityResult.Failed(new IdentityErrorDescriber().InvalidToken())
            : await users.ResetPasswordAsync(user, request.Token, request.NewPassword);
        if (!reset.Succeeded)
        {
            await audit.RecordAsync(AuditActions.PasswordReset, succeeded: false, user?.Id, new { reason = reset.Errors.First().Code }, cancellationToken: cancellationToken);
            return reset.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? Result<bool>.Invalid("token", "The reset code is invalid or has expired.")
                : FromIdentityErrors<bool>(reset, passwordField: "new_password");
        }

        // Whoever holds the email proved it: lift a lockout, end every session.
        await users.SetLockoutEndDateAsync(user!, null);
        await users.ResetAccessFailedCountAsync(user!);
        await AfterCredentialsChangedAsync(user!, "password_reset", cancellationToken);
        await audit.RecordAsync(AuditActions.PasswordReset, succeeded: true, user!.Id, cancellationToken: cancellationToken);
        return Result<bool>.Ok(true);
    }

    /// <summary>
    /// Identity has already rotated the security stamp. Revoke the refresh-token families first (in PostgreSQL, so a
    /// Redis failure after this point cannot leave them alive), then publish the stamp so every access token issued
    /// before dies at once.
    /// </summary>
    public async Task AfterCredentialsChangedAsync(User user, string reason, CancellationToken cancellationToken, Guid? keepSession = null)
    {
        await sessions.RevokeAllAsync(user.Id, reason, cancellationToken, except: keepSession);
        await PublishStampAsync(user);
    }

    /// <summary>Tells every replica the user's current stamp (or that the account may not be used).</summary>
    public Task PublishStampAsync(User user) => revocations.PublishStampAsync(user.Id,
        user.IsDisabled ? TokenRevocationStore.NoAccess : AccessTokenIssuer.StampFingerprint(user.SecurityStamp));

    private static IEnumerable<(string Type, bool Granted)> ConsentsOf(RegisterRequest request) =>
    [
        ("gdpr", request.GdprConsent),
        ("data_processing", request.DataProcessingConsent),
        ("marketing", request.MarketingConsent),
    ];

    private static Result<T> FromIdentityErrors<T>(IdentityResult result, string passwordField)
    {
        var codes = result.Errors.Select(e => e.Code).ToHashSet();
        if (codes.Contains(nameof(IdentityErrorDescriber.DuplicateEmail)) || codes.Contains(nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return Result<T>.Conflict("An account with this email or user name already exists.");
        }

        var errors = result.Errors
            .GroupBy(e => e.Code switch
            {
                nameof(IdentityErrorDescriber.InvalidEmail) => "email",
                nameof(IdentityErrorDescriber.InvalidUserName) => "username",
                _ => passwordField,
            })
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());
        return Result<T>.Invalid(errors);
    }
}
