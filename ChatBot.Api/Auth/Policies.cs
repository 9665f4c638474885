using ChatBot.Core.Identity;
using Microsoft.AspNetCore.Authorization;

namespace ChatBot.Api.Auth;

/// <summary>Named authorization policies; every endpoint declares one of these or AllowAnonymous.</summary>
public static class Policies
{
    /// <summary>Any signed-in account.</summary>
    public const string User = "user";

    /// <summary>Moderators and admins: curate the knowledge base, work the moderation and handoff queues.</summary>
    public const string Moderator = "moderator";

    /// <summary>Admins only: users, roles, analytics, configuration.</summary>
    public const string Admin = "admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(User, policy => policy.RequireAuthenticatedUser()
            .RequireClaim(ChatBotClaims.Role, Roles.User, Roles.Moderator, Roles.Admin));
        options.AddPolicy(Moderator, policy => policy.RequireAuthenticatedUser()
            .RequireClaim(ChatBotClaims.Role, Roles.Moderator, Roles.Admin));
        options.AddPolicy(Admin, policy => policy.RequireAuthenticatedUser()
            .RequireClaim(ChatBotClaims.Role, Roles.Admin));
    }
}
