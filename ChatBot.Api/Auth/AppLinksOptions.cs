namespace ChatBot.Api.Auth;

/// <summary>Public addresses used in links the app sends out (e.g. password-reset emails).</summary>
public sealed class AppLinksOptions
{
    public const string Section = "App";

    /// <summary>Where users open the web app; reset links point here.</summary>
    public string PublicWebUrl { get; set; } = "http://localhost:3000";
}
