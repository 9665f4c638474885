using Microsoft.AspNetCore.Identity;

namespace ChatBot.Core.Identity;

/// <summary>
/// OWASP ASVS-style password rule: long enough (Identity's length option) and not one of the passwords attackers try
/// first, nor the account's own user name or email. No composition rules: they push users to weaker patterns.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<User>
{
    public const string CommonPasswordCode = "CommonPassword";
    public const string PasswordMatchesAccountCode = "PasswordMatchesAccount";

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var candidate = password.Trim().ToLowerInvariant();
        if (CommonPasswords.Contains(candidate))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = CommonPasswordCode,
                Description = "This password is one of the most commonly used passwords; choose another.",
            }));
        }

        var emailLocalPart = user.Email?.Split('@')[0].ToLowerInvariant();
        if (candidate == user.UserName?.ToLowerInvariant() || candidate == user.Email?.ToLowerInvariant() || candidate == emailLocalPart)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = PasswordMatchesAccountCode,
                Description = "The password must not be your user name or email address.",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }
}
