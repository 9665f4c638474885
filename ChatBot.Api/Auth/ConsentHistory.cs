using ChatBot.Core.Privacy;

namespace ChatBot.Api.Auth;

public static class ConsentHistory
{
    /// <summary>One entry of a user's consent history, with where the change came from.</summary>
    public static ConsentRecord Entry(Guid userId, string type, bool granted, ClientInfo client, DateTimeOffset at) => new()
    {
        UserId = userId,
        ConsentType = type,
        Granted = granted,
        RecordedAt = at,
        IpAddress = client.IpAddress,
        UserAgent = client.UserAgent,
    };
}
