namespace ChatBot.Api.Infrastructure;

public sealed class CorsOptions
{
    public const string Section = "Cors";

    /// <summary>Browser origins allowed to call the API (seed: <c>ALLOWED_ORIGINS</c>).</summary>
    public string[] AllowedOrigins { get; set; } = ["http://localhost:3000"];
}
