namespace ChatBot.Core;

/// <summary>Connection names shared by the AppHost (which provides them) and the services (which read them).</summary>
public static class ConnectionNames
{
    /// <summary>The PostgreSQL (pgvector) database holding every table.</summary>
    public const string Database = "chatdb";

    /// <summary>Redis: caches, rate limits, token deny-list, chat stream fragments.</summary>
    public const string Cache = "cache";

    /// <summary>Optional AI provider connection string (endpoint, key, model); absent means the Local provider.</summary>
    public const string Ai = "ai";
}
