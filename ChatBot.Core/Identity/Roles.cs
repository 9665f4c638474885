namespace ChatBot.Core.Identity;

/// <summary>The three roles of the product. Ids are fixed so the migration can seed them.</summary>
public static class Roles
{
    public const string User = "user";
    public const string Moderator = "moderator";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [User, Moderator, Admin];

    internal static readonly Guid UserRoleId = new("0192f000-0000-7000-8000-000000000001");
    internal static readonly Guid ModeratorRoleId = new("0192f000-0000-7000-8000-000000000002");
    internal static readonly Guid AdminRoleId = new("0192f000-0000-7000-8000-000000000003");
}
