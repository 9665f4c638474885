using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Connections per service instance (seed: <c>DATABASE_POOL_SIZE</c>, default 20).</summary>
    [Range(1, 1000)]
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>
    /// How long one SQL command may run. The Api sets 2 s (its queries take milliseconds) so a hung database gets a 503
    /// in about 4 s instead of a request that hangs; the Worker keeps the longer default for its batch work.
    /// </summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How long opening a connection (or waiting for a pooled one) may take. After a command times out, Npgsql opens a
    /// connection to ask the server to cancel it, so a hung server answers after the command timeout plus this (plus
    /// it once more when the connection string allows TLS: the TLS request waits too). The Api sets 2 s: 1 s failed
    /// healthy connection opens on a busy 2-core machine.
    /// </summary>
    [Range(1, 300)]
    public int ConnectTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// Statements Npgsql prepares per connection once they ran twice (0 turns it off). A prepared statement skips the
    /// server's parse and plan on every later run: the Api's hot reads are a handful of statements run thousands of times.
    /// </summary>
    [Range(0, 10_000)]
    public int MaxAutoPrepare { get; set; } = 64;

    /// <summary>
    /// How long a pooled connection may sit unused before it is closed (Npgsql's default is 300 s). Every open
    /// connection is a PostgreSQL backend of about 4 MB. The Worker sets 30 s: its jobs start together and open a dozen
    /// connections at once, then need one or two between runs. At least 10 s: Npgsql looks for idle ones every 10 s.
    /// </summary>
    [Range(10, 3600)]
    public int ConnectionIdleLifetimeSeconds { get; set; } = 300;

    /// <summary>Apply pending migrations when this process starts (the AppHost uses a separate migration step instead).</summary>
    public bool MigrateOnStart { get; set; }
}
