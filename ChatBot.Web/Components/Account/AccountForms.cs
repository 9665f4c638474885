using System.ComponentModel.DataAnnotations;

namespace ChatBot.Web.Components.Account;

public sealed class LoginForm
{
    [Required(ErrorMessage = "Enter your email or user name.")]
    public string Login { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    public string Password { get; set; } = "";
}

public sealed class RegisterForm
{
    [Required(ErrorMessage = "Enter your email."), EmailAddress(ErrorMessage = "Enter a valid email.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a user name."), RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$",
        ErrorMessage = "Use 3-32 letters, digits, '.', '_' or '-', starting with a letter or digit.")]
    public string Username { get; set; } = "";

    [Required(ErrorMessage = "Choose a password."), MinLength(8, ErrorMessage = "Use at least 8 characters.")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    public string ConfirmPassword { get; set; } = "";

    public string Language { get; set; } = "en";

    [Range(typeof(bool), "true", "true", ErrorMessage = "Accept the privacy policy to create an account.")]
    public bool GdprConsent { get; set; }

    /// <summary>Optional: without it the user's usage still counts in totals, but never linked to them.</summary>
    public bool DataProcessingConsent { get; set; }

    public bool MarketingConsent { get; set; }
}

public sealed class ForgotPasswordForm
{
    [Required(ErrorMessage = "Enter your email."), EmailAddress(ErrorMessage = "Enter a valid email.")]
    public string Email { get; set; } = "";
}

public sealed class ResetPasswordForm
{
    [Required(ErrorMessage = "Enter your email."), EmailAddress(ErrorMessage = "Enter a valid email.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Paste the code from the email.")]
    public string Token { get; set; } = "";

    [Required(ErrorMessage = "Choose a new password."), MinLength(8, ErrorMessage = "Use at least 8 characters.")]
    public string NewPassword { get; set; } = "";

    [Compare(nameof(NewPassword), ErrorMessage = "The passwords do not match.")]
    public string ConfirmPassword { get; set; } = "";
}
