using System.ComponentModel.DataAnnotations;
using ChatBot.Core.Knowledge;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.Knowledge;

/// <summary>Create or replace an FAQ (PUT replaces every field). Checked by FaqInputRules, which reports every field at once.</summary>
public sealed record FaqRequest
{
    public string Question { get; init; } = "";

    public string Answer { get; init; } = "";

    public IReadOnlyList<string> Alternates { get; init; } = [];

    public string Language { get; init; } = "en";

    public IReadOnlyList<string> Tags { get; init; } = [];

    public bool IsActive { get; init; } = true;

    public int? CategoryId { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>JSON may carry nulls where the types say otherwise; they become empty values the rules then report.</summary>
    public FaqInput ToInput() => new(
        Question ?? "",
        Answer ?? "",
        Alternates?.Select(a => a ?? "").ToList() ?? [],
        Language ?? "en",
        Tags?.Select(t => t ?? "").ToList() ?? [],
        IsActive,
        CategoryId,
        ExternalId);
}

/// <param name="Category">Only FAQs in this category or below it.</param>
/// <param name="Active">Moderators may list inactive FAQs; everyone else sees active ones only.</param>
/// <param name="Q">Text found in the question, an alternate or the answer (case-insensitive).</param>
public sealed record FaqListRequest(
    [property: Range(1, 100_000)] int Page = 1,
    [property: Range(1, 100)][FromQuery(Name = "page_size")] int PageSize = 20,
    int? Category = null,
    [property: MaxLength(16)] string? Language = null,
    bool? Active = null,
    [property: MaxLength(200)] string? Q = null);

public sealed record FaqSearchRequest(
    [property: Required, MinLength(1), MaxLength(1000)] string Q,
    [property: Range(1, 50)] int Limit = 5,
    int? Category = null,
    [property: MaxLength(16)] string? Language = null);

/// <summary>One ranked hit: the fused score (0-1) and the semantic (cosine) and lexical (ts_rank) signals behind it.</summary>
public sealed record FaqSearchHit(int FaqId, string Question, string Answer, int? CategoryId, string Language, double Score, double SemanticScore, double LexicalScore);

/// <summary>
/// Hits best first. <c>confident</c> says whether the best hit clears this knowledge base's calibrated threshold
/// (what the chat would answer with); otherwise the chat would fall back.
/// </summary>
public sealed record FaqSearchResponse(string Query, IReadOnlyList<FaqSearchHit> Results, bool Confident, double Threshold);

public sealed record CategoryRequest
{
    [Required, MaxLength(200)]
    public string Name { get; init; } = "";

    [MaxLength(200)]
    public string? Slug { get; init; }

    [MaxLength(2000)]
    public string? Description { get; init; }

    public int? ParentId { get; init; }

    public int SortOrder { get; init; }

    public CategoryInput ToInput() => new(Name, Slug, Description, ParentId, SortOrder);
}

public sealed record CategoryNode(int Id, string Name, string Slug, string? Description, int? ParentId, int SortOrder, IReadOnlyList<CategoryNode> Children);

