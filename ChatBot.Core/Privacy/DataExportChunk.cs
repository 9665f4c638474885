namespace ChatBot.Core.Privacy;

/// <summary>One piece of an export file, in order; downloads stream them one by one, so no file is held in memory.</summary>
public sealed class DataExportChunk
{
    public Guid ExportId { get; init; }

    public int Sequence { get; init; }

    public required byte[] Data { get; init; }
}
