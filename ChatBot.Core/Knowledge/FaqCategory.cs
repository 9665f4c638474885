namespace ChatBot.Core.Knowledge;

/// <summary>A node in the FAQ category tree.</summary>
public sealed class FaqCategory
{
    /// <summary>Levels a tree may have (a root category is level 1): deep enough for any help centre, shallow enough to show.</summary>
    public const int MaxDepth = 8;

    public int Id { get; init; }

    public required string Name { get; set; }

    /// <summary>URL-safe unique key, e.g. <c>billing</c>.</summary>
    public required string Slug { get; set; }

    public string? Description { get; set; }

    public int? ParentId { get; set; }

    public FaqCategory? Parent { get; set; }

    public List<FaqCategory> Children { get; init; } = [];

    public int SortOrder { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
