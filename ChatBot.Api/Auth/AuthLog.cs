using ChatBot.Core.Telemetry;

namespace ChatBot.Api.Auth;

/// <summary>Sign-in log lines. Who signed in is personal data: the redactor erases it, the user id stays for correlation.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Sign-in {Outcome} for {Login} from {IpAddress} (user {UserId})")]
    public static partial void SignIn(ILogger logger, string outcome, [PersonalData] string login, [PersonalData] string? ipAddress, Guid? userId);
}
