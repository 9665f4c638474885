using System.ComponentModel.DataAnnotations;

namespace ChatBot.Core.Knowledge;

/// <summary>
/// Configuration section <c>Import</c>, the part the Api and the Worker share: how large one FAQ import may be.
/// (How the Worker writes imports is in its own <c>ImportOptions</c>.)
/// </summary>
public sealed class FaqImportOptions
{
    public const string Section = "Import";

    /// <summary>
    /// FAQs one file may hold. At about 110 embedded rows a second on two cores, 10,000 rows take a minute and a half;
    /// larger knowledge bases come in several files (or raise this).
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxRows { get; set; } = 10_000;
}
