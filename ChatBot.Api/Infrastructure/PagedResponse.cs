namespace ChatBot.Api.Infrastructure;

/// <summary>One page of a listing, with the total so clients can page.</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
