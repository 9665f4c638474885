using System.ComponentModel.DataAnnotations;
using ChatBot.Api.Users;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Api.Admin;

public sealed record UserListQuery
{
    [Range(1, int.MaxValue)]
    public int Page { get; init; } = 1;

    [Range(1, 100)]
    [FromQuery(Name = "page_size")]
    public int PageSize { get; init; } = 20;

    /// <summary>Matches email or user name (case-insensitive, substring).</summary>
    [MaxLength(200)]
    public string? Search { get; init; }
}

public sealed record ChangeRoleRequest
{
    /// <summary><c>user</c>, <c>moderator</c> or <c>admin</c>.</summary>
    [Required]
    public string Role { get; init; } = "";
}
