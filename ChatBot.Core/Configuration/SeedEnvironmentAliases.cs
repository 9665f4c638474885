using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ChatBot.Core.Configuration;

/// <summary>
/// Reads the environment variables of the original (FastAPI) design and maps them onto our configuration keys,
/// so a deployment written for it configures this app unchanged. Our own keys, when also given, win.
/// </summary>
public sealed class SeedEnvironmentAliases : IConfigurationSource
{
    private readonly IReadOnlyDictionary<string, string?> _environment;

    public SeedEnvironmentAliases(IReadOnlyDictionary<string, string?>? environment = null)
    {
        _environment = environment ?? Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(_environment);

    /// <summary>The key each seed variable lands on (documented in the README's configuration table).</summary>
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>
    {
        ["DATABASE_URL"] = $"ConnectionStrings:{ConnectionNames.Database}",
        ["REDIS_URL"] = $"ConnectionStrings:{ConnectionNames.Cache}",
        ["OPENAI_API_KEY"] = "Ai:OpenAI:ApiKey",
        ["SECRET_KEY"] = "Jwt:SigningKey",
        ["DATABASE_POOL_SIZE"] = "Database:MaxPoolSize",
        ["RATE_LIMIT_PER_MINUTE"] = "RateLimiting:PerMinute",
        ["RATE_LIMIT_PER_HOUR"] = "RateLimiting:PerHour",
        ["ALLOWED_ORIGINS"] = "Cors:AllowedOrigins",
        ["ACCESS_TOKEN_EXPIRE_MINUTES"] = "Jwt:AccessTokenMinutes",
        ["DATA_RETENTION_DAYS"] = "Privacy:RetentionDays",
    };

    private sealed class Provider(IReadOnlyDictionary<string, string?> environment) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (variable, key) in Map)
            {
                if (!environment.TryGetValue(variable, out var value) || string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                switch (variable)
                {
                    case "DATABASE_URL":
                        data[key] = PostgresUrlToConnectionString(value);
                        break;
                    case "REDIS_URL":
                        data[key] = RedisUrlToConfiguration(value);
                        break;
                    case "ALLOWED_ORIGINS":
                        var origins = ParseList(value);
                        for (var i = 0; i < origins.Count; i++)
                        {
                            data[$"{key}:{i}"] = origins[i];
                        }

                        break;
                    default:
                        data[key] = value.Trim();
                        break;
                }
            }

            Data = data;
        }
    }

    /// <summary><c>postgresql://user:pass@host:5432/db?sslmode=require</c> → Npgsql key/value form.</summary>
    public static string PostgresUrlToConnectionString(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ||
            uri.Scheme is not ("postgres" or "postgresql" or "postgresql+asyncpg" or "postgresql+psycopg2"))
        {
            // Already a key/value connection string (or something Npgsql will explain better than we can).
            return url;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2 && parts[0].Equals("sslmode", StringComparison.OrdinalIgnoreCase) &&
                Enum.TryParse<SslMode>(parts[1].Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var ssl))
            {
                builder.SslMode = ssl;
            }
        }

        return builder.ConnectionString;
    }

    /// <summary><c>redis://:password@host:6379/0</c> (or <c>rediss://</c>) → StackExchange.Redis configuration.</summary>
    public static string RedisUrlToConfiguration(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss"))
        {
            return url;
        }

        var parts = new List<string> { $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}" };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo.Length == 2)
        {
            if (userInfo[0].Length > 0)
            {
                parts.Add($"user={Uri.UnescapeDataString(userInfo[0])}");
            }

            parts.Add($"password={Uri.UnescapeDataString(userInfo[1])}");
        }
        else if (userInfo[0].Length > 0)
        {
            parts.Add($"password={Uri.UnescapeDataString(userInfo[0])}");
        }

        var database = uri.AbsolutePath.Trim('/');
        if (int.TryParse(database, NumberStyles.None, CultureInfo.InvariantCulture, out var db))
        {
            parts.Add($"defaultDatabase={db}");
        }

        if (uri.Scheme == "rediss")
        {
            parts.Add("ssl=true");
        }

        return string.Join(',', parts);
    }

    /// <summary>Accepts the seed's JSON list (<c>["http://a","http://b"]</c>) or a comma-separated list.</summary>
    public static IReadOnlyList<string> ParseList(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(trimmed) ?? [];
            }
            catch (JsonException)
            {
                // Fall through: treat it as a plain list with stray brackets.
                trimmed = trimmed.Trim('[', ']');
            }
        }

        return trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(origin => origin.Trim('"', '\''))
            .Where(origin => origin.Length > 0)
            .ToArray();
    }
}
