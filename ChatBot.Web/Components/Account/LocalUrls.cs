namespace ChatBot.Web.Components.Account;

public static class LocalUrls
{
    /// <summary>Only paths on this site: a sign-in link must never send the user elsewhere (open redirect).</summary>
    public static string OrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal)
                                   && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.StartsWith("/login", StringComparison.OrdinalIgnoreCase)
            ? url
            : "/";
}
