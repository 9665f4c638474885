using ChatBot.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ChatBot.Core.Tests.Configuration;

public sealed class SeedEnvironmentAliasesTests
{
    private static IConfigurationRoot Build(Dictionary<string, string?> environment, Dictionary<string, string?>? ours = null)
    {
        var builder = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jwt:AccessTokenMinutes"] = "30",
        });
        builder.Add(new Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource());
        if (ours is not null)
        {
            builder.AddInMemoryCollection(ours);
        }

        builder.AddSeedEnvironmentAliases(environment);
        return builder.Build();
    }

    [Fact]
    public void Database_url_becomes_an_npgsql_connection_string()
    {
        var configuration = Build(new() { ["DATABASE_URL"] = "postgresql://chat%40user:p%3Ass@db.example:6543/chatbot_db?sslmode=require" });

        var connection = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("chatdb"));

        Assert.Equal("db.example", connection.Host);
        Assert.Equal(6543, connection.Port);
        Assert.Equal("chatbot_db", connection.Database);
        Assert.Equal("chat@user", connection.Username);
        Assert.Equal("p:ss", connection.Password);
        Assert.Equal(SslMode.Require, connection.SslMode);
    }

    [Theory]
    [InlineData("redis://localhost:6379", "localhost:6379")]
    [InlineData("redis://:s3cret@cache:6380/2", "cache:6380,password=s3cret,defaultDatabase=2")]
    [InlineData("rediss://user:pw@cache:6380", "cache:6380,user=user,password=pw,ssl=true")]
    public void Redis_url_becomes_a_stackexchange_configuration(string url, string expected)
    {
        var configuration = Build(new() { ["REDIS_URL"] = url });

        Assert.Equal(expected, configuration.GetConnectionString("cache"));
    }

    [Theory]
    [InlineData("[\"http://localhost:3000\", \"https://chat.example\"]")]
    [InlineData("http://localhost:3000, https://chat.example")]
    public void Allowed_origins_accepts_the_seed_json_list_and_a_plain_list(string value)
    {
        var configuration = Build(new() { ["ALLOWED_ORIGINS"] = value });

        Assert.Equal(["http://localhost:3000", "https://chat.example"],
            configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? []);
    }

    [Fact]
    public void Scalar_variables_land_on_their_keys_and_override_appsettings()
    {
        var configuration = Build(new()
        {
            ["SECRET_KEY"] = "k",
            ["ACCESS_TOKEN_EXPIRE_MINUTES"] = "15",
            ["RATE_LIMIT_PER_MINUTE"] = "61",
            ["RATE_LIMIT_PER_HOUR"] = "1001",
            ["DATABASE_POOL_SIZE"] = "7",
            ["DATA_RETENTION_DAYS"] = "90",
            ["OPENAI_API_KEY"] = "sk-test",
        });

        Assert.Equal("k", configuration["Jwt:SigningKey"]);
        Assert.Equal("15", configuration["Jwt:AccessTokenMinutes"]);
        Assert.Equal("61", configuration["RateLimiting:PerMinute"]);
        Assert.Equal("1001", configuration["RateLimiting:PerHour"]);
        Assert.Equal("7", configuration["Database:MaxPoolSize"]);
        Assert.Equal("90", configuration["Privacy:RetentionDays"]);
        Assert.Equal("sk-test", configuration["Ai:OpenAI:ApiKey"]);
    }

    [Fact]
    public void Our_own_keys_added_after_the_aliases_win()
    {
        var builder = new ConfigurationBuilder();
        builder.AddSeedEnvironmentAliases(new Dictionary<string, string?> { ["SECRET_KEY"] = "from-seed" });
        builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Jwt:SigningKey"] = "ours" });

        Assert.Equal("ours", builder.Build()["Jwt:SigningKey"]);
    }

    [Fact]
    public void Aliases_are_added_once_even_when_asked_twice()
    {
        var builder = new ConfigurationBuilder();
        builder.AddSeedEnvironmentAliases(new Dictionary<string, string?>());
        builder.AddSeedEnvironmentAliases(new Dictionary<string, string?>());

        Assert.Single(builder.Sources.OfType<SeedEnvironmentAliases>());
    }
}
