namespace ChatBot.Api.Auth;

/// <summary>What sign-in and refresh return (the seed's shape: snake_case, token_type "bearer").</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn, int RefreshExpiresIn)
{
    public static TokenPair Bearer(IssuedAccessToken access, string refreshToken, TimeSpan refreshLifetime) =>
        new(access.Token, refreshToken, "bearer", access.ExpiresInSeconds, (int)refreshLifetime.TotalSeconds);
}
