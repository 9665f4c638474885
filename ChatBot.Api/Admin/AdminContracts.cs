using System.ComponentModel.DataAnnotations;
using ChatBot.Api.Users;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.Admin;

/// <param name="Search">Matches email or user name (case-insensitive, substring).</param>
public sealed record UserListQuery(
    [property: Range(1, 100_000)] int Page = 1,
    [property: Range(1, 100)][FromQuery(Name = "page_size")] int PageSize = 20,
    [property: MaxLength(200)] string? Search = null);

public sealed record ChangeRoleRequest
{
    /// <summary><c>user</c>, <c>moderator</c> or <c>admin</c>.</summary>
    [Required]
    public string Role { get; init; } = "";
}
