using Bunit;
using ChatBot.Web.Components.Shared;

namespace ChatBot.Web.Tests.Components;

/// <summary>Answers, FAQ texts and user text rendered as Markdown can never carry script or dangerous links.</summary>
public sealed class MarkdownTextTests : BunitContext
{
    private string Render(string text) => Render<MarkdownText>(p => p.Add(c => c.Text, text)).Markup;

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=\"alert(1)\">")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    public void Raw_html_is_shown_as_text(string html)
    {
        var markup = Render($"Before {html} after");

        Assert.DoesNotContain("<script", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", markup, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;", markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![x](javascript:alert(1))")]
    public void Unsafe_link_targets_are_neutralised(string markdown)
    {
        var markup = Render(markdown);

        Assert.DoesNotContain("javascript:", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:text", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ordinary_markdown_and_citations_become_links()
    {
        var cut = Render<MarkdownText>(p => p.Add(c => c.Text, "**Refunds** take 3-5 days, see https://example.com/help. [faq:12]"));

        Assert.Equal("Refunds", cut.Find("strong").TextContent);
        Assert.Equal("https://example.com/help", cut.FindAll("a")[0].GetAttribute("href"));
        var citation = cut.FindAll("a")[1];
        Assert.Equal("/faqs/12", citation.GetAttribute("href"));
        Assert.Equal("[12]", citation.TextContent);
    }
}
