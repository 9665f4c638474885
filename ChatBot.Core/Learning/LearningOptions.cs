using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Learning;

public sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>
    /// Approve a phrasing without a moderator once this many distinct users confirmed it for the same FAQ; 0 (the
    /// default) leaves every approval to a moderator. One user, however often they confirm, counts once.
    /// </summary>
    [Range(0, 1000)]
    public int AutoApproveAfterUsers { get; set; }
}
