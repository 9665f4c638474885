using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Privacy;

public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Conversations older than this are removed by the retention job (seed: <c>DATA_RETENTION_DAYS</c>).</summary>
    [Range(1, 36500)]
    public int RetentionDays { get; set; } = 365;
}
