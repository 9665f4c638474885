using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ChatBot.Web.Markdown;

/// <summary>
/// Renders chat text (answers from a model, FAQ answers, what users typed) as HTML that cannot run anything: raw HTML
/// is shown as text, links keep only http(s), mailto and site-relative targets, and images become plain links. Answer
/// citations (<c>[faq:12]</c>) become links to the cited FAQ.
/// </summary>
public static partial class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    public static string ToHtml(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var document = Markdig.Markdown.Parse(Citation().Replace(text, "[[$1]](/faqs/$1 \"Source: FAQ $1\")"), Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafe(link.Url))
            {
                link.Url = "#";
            }

            link.IsImage = false;
        }

        foreach (var autolink in document.Descendants<AutolinkInline>())
        {
            if (!autolink.IsEmail && !IsSafe(autolink.Url))
            {
                autolink.Url = "#";
            }
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    /// <summary>Only targets that navigate: never <c>javascript:</c>, <c>data:</c> or <c>vbscript:</c>.</summary>
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }

        var trimmed = url.Trim();
        if (trimmed.StartsWith('/') && !trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return true;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";
    }

    [GeneratedRegex(@"\[faq:(\d{1,9})\]")]
    private static partial Regex Citation();
}
