namespace ChatBot.Api.Auth;

/// <summary>Where a request came from, as recorded on sessions and audit rows.</summary>
public sealed record ClientInfo(string? IpAddress, string? UserAgent)
{
    private const int MaxUserAgentLength = 512;

    public static ClientInfo From(HttpContext context)
    {
        var userAgent = context.Request.Headers.UserAgent.ToString();
        return new ClientInfo(
            context.Connection.RemoteIpAddress?.ToString(),
            string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, MaxUserAgentLength)]);
    }
}
