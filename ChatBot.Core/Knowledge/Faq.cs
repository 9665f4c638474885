using NpgsqlTypes;
using Pgvector;

namespace ChatBot.Core.Knowledge;

/// <summary>A question the bot can answer, with its paraphrases and its search representations.</summary>
public sealed class Faq
{
    public int Id { get; init; }

    /// <summary>Stable key from an import (e.g. an intent name), so re-importing updates instead of duplicating.</summary>
    public string? ExternalId { get; set; }

    public required string Question { get; set; }

    public required string Answer { get; set; }

    /// <summary>Other ways users ask the same question; searched like the question itself.</summary>
    public List<string> Alternates { get; set; } = [];

    /// <summary>The alternates that are approved user questions (learned from use), so editors can see and remove them.</summary>
    public List<string> LearnedAlternates { get; set; } = [];

    public string Language { get; set; } = "en";

    public List<string> Tags { get; set; } = [];

    public bool IsActive { get; set; } = true;

    public int? CategoryId { get; set; }

    public FaqCategory? Category { get; set; }

    /// <summary>Sentence embedding (384 dimensions) used for semantic search; null until embedded.</summary>
    public Vector? Embedding { get; set; }

    /// <summary>The model that produced <see cref="Embedding"/>; a different configured model means re-embed.</summary>
    public string? EmbeddingModel { get; set; }

    public DateTimeOffset? EmbeddedAt { get; set; }

    /// <summary>Full-text document computed by PostgreSQL from question, alternates, tags and answer.</summary>
    public NpgsqlTsVector? SearchVector { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid? CreatedById { get; set; }

    public Guid? UpdatedById { get; set; }
}
