using System.Security.Cryptography;
using Npgsql;

namespace ChatBot.DevServers;

/// <summary>A throw-away PostgreSQL 15 + pgvector server in a temporary folder.</summary>
public sealed class LocalPostgresServer : ScriptedServer
{
    private readonly string _dataDirectory;

    private LocalPostgresServer(string dataDirectory, int port, string database, string password)
        : base("local-postgres.sh", [dataDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture), database],
            new Dictionary<string, string>
            {
                ["POSTGRES_PASSWORD"] = password,
                // Throw-away data: durability only costs time here.
                ["PG_FSYNC"] = "off",
                // The benchmarks grow to 100,000 FAQs, whose HNSW index and table (about 1.2 GB) should mostly stay in
                // PostgreSQL's own cache.
                ["PG_SHARED_BUFFERS"] = "1GB",
            },
            // The script prints this once the database and the vector extension exist.
            readyLine: "PostgreSQL ready on")
    {
        _dataDirectory = dataDirectory;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Password = password,
            Database = database,
            // No TLS on a loopback-only server; saying so also spares Npgsql a TLS handshake with a hung server when it
            // sends a cancel request after a command timeout.
            SslMode = SslMode.Disable,
        }.ConnectionString;
    }

    /// <summary>Connection string to the database the server was started with.</summary>
    public string ConnectionString { get; }

    /// <summary>Connection string for another database on the same server.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    public static async Task<LocalPostgresServer> StartAsync(string database = "chatdb", CancellationToken cancellationToken = default)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"chatbot-pg-{Guid.NewGuid():N}");
        var server = new LocalPostgresServer(dataDirectory, FreePort(), database, RandomNumberGenerator.GetHexString(24));
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates another empty database (with pgvector) on this server.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = ConnectionStringFor(name);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS vector", connection);
            await extension.ExecuteNonQueryAsync(cancellationToken);
        }

        return connectionString;
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await base.DisposeCoreAsync();
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A stray file handle; the OS temp cleaner gets it later.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
