namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>An account a test created for itself, with the tokens of its latest sign-in.</summary>
public sealed record TestUser(Guid Id, string Email, string Username, string Password)
{
    public string AccessToken { get; set; } = "";

    public string RefreshToken { get; set; } = "";
}
