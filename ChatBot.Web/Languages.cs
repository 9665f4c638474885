namespace ChatBot.Web;

/// <summary>Languages a user can ask the assistant to answer in (BCP 47 tags the Api accepts).</summary>
public static class Languages
{
    public static IReadOnlyList<(string Tag, string Name)> All { get; } =
    [
        ("en", "English"),
        ("es", "Español"),
        ("fr", "Français"),
        ("de", "Deutsch"),
        ("pt", "Português"),
        ("it", "Italiano"),
        ("nl", "Nederlands"),
    ];
}
