namespace ChatBot.AppHost.Infrastructure;

/// <summary>How PostgreSQL and Redis are provided (configuration key <c>Infrastructure:Mode</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container engine answers, local processes otherwise.</summary>
    Auto,

    /// <summary>pgvector and Redis containers (also what publishing/azd always uses).</summary>
    Containers,

    /// <summary>PostgreSQL 15 and Redis installed on this machine, run as child processes of the AppHost.</summary>
    LocalProcesses,
}
