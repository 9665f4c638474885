namespace ChatBot.AppHost.Infrastructure;

/// <summary>The mode chosen at start, for the start-up banner.</summary>
public sealed record InfrastructureModeInfo(InfrastructureMode Mode);
