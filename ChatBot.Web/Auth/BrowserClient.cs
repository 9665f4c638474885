namespace ChatBot.Web.Auth;

/// <summary>
/// Tells the Api which browser a request comes from: its address (<c>X-Forwarded-For</c>, trusted from the web app
/// only) and its <c>User-Agent</c>.
/// </summary>
public sealed record BrowserClient(string? Address, string? UserAgent)
{
    public static BrowserClient Of(HttpContext? context) => new(
        context?.Connection.RemoteIpAddress?.ToString(),
        context?.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null);

    public static BrowserClient Of(SessionTokens tokens) => new(tokens.ClientAddress, tokens.ClientUserAgent);

    public void ApplyTo(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(Address))
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", Address);
        }

        if (!string.IsNullOrEmpty(UserAgent))
        {
            request.Headers.UserAgent.Clear();
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }
    }
}
