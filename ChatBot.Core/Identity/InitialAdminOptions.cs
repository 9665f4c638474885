namespace ChatBot.Core.Identity;

/// <summary>
/// The first admin of a deployment (azd asks for both at <c>azd up</c>). Created only while no admin exists; never
/// changed afterwards, so rotating the parameter cannot take over an account.
/// </summary>
public sealed class InitialAdminOptions
{
    public const string Section = "InitialAdmin";

    public string? Email { get; set; }

    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Email) && !string.IsNullOrEmpty(Password);
}
