using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Connections per service instance (seed: <c>DATABASE_POOL_SIZE</c>, default 20).</summary>
    [Range(1, 1000)]
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>
    /// How long one SQL command may run. The Api sets 5 s so a hung database gets a fast 503 instead of a request
    /// that hangs; the Worker keeps the longer default for its batch work.
    /// </summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Apply pending migrations when this process starts (the AppHost uses a separate migration step instead).</summary>
    public bool MigrateOnStart { get; set; }
}
