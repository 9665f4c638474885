namespace ChatBot.Web.Api;

/// <summary>
/// What the current page (circuit) last learned about the Api: reachable or not, and whether the session ended. The
/// layout shows a banner while the Api is down and sends the user to sign-in when the session ended.
/// </summary>
public sealed class ApiStatus
{
    public bool Unavailable { get; private set; }

    public event Action? Changed;

    /// <summary>Raised with <see cref="ApiError.SessionEnded"/> or <see cref="ApiError.SignedOut"/>.</summary>
    public event Action<ApiError>? SessionEnded;

    public void Report(ApiError? error)
    {
        if (error?.IsUnauthorized == true)
        {
            SessionEnded?.Invoke(error);
            return;
        }

        var unavailable = error?.IsUnavailable == true;
        if (unavailable != Unavailable)
        {
            Unavailable = unavailable;
            Changed?.Invoke();
        }
    }
}
