using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Connections per service instance (seed: <c>DATABASE_POOL_SIZE</c>, default 20).</summary>
    [Range(1, 1000)]
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>Apply pending migrations when this process starts (the AppHost uses a separate migration step instead).</summary>
    public bool MigrateOnStart { get; set; }
}
