namespace ChatBot.Core.Identity;

/// <summary>An admin account created for local development (the AppHost supplies a generated password).</summary>
public sealed class DevelopmentAdminOptions
{
    public const string Section = "DevelopmentAdmin";

    public string Email { get; set; } = "admin@chatbot.local";

    public string UserName { get; set; } = "admin";

    /// <summary>No default: without a password no account is seeded.</summary>
    public string? Password { get; set; }
}
