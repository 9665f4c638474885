using Bunit;
using ChatBot.Web.Api.Contracts;
using ChatBot.Web.Components.Chat;

namespace ChatBot.Web.Tests.Components;

public sealed class ChatMessageItemTests : BunitContext
{
    private IRenderedComponent<ChatMessageItem> Show(ChatMessageView message) =>
        Render<ChatMessageItem>(p => p.Add(c => c.Message, message));

    [Fact]
    public void An_answer_waiting_for_its_first_words_says_so()
    {
        var cut = Show(new ChatMessageView { Role = "assistant", Status = "streaming" });

        Assert.Equal("Thinking…", cut.Find(".typing").TextContent);
        Assert.Empty(cut.FindAll(".feedback"));
    }

    [Fact]
    public void A_dropped_stream_shows_that_it_is_resuming_while_keeping_the_text_so_far()
    {
        var cut = Show(new ChatMessageView { Role = "assistant", Status = "streaming", Text = "Refunds reach", Resuming = true });

        Assert.Contains("Resuming", cut.Find("[role=status].resuming").TextContent, StringComparison.Ordinal);
        Assert.Contains("Refunds reach", cut.Find(".markdown").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopped_answer_keeps_its_text_and_offers_no_feedback()
    {
        var cut = Show(new ChatMessageView { Id = Guid.NewGuid(), Role = "assistant", Status = "stopped", Text = "Step one" });

        Assert.Contains("Stopped", cut.Find(".note").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll(".feedback"));
    }

    [Fact]
    public void A_complete_answer_shows_its_sources_and_feedback_with_the_current_rating_pressed()
    {
        var cut = Show(new ChatMessageView
        {
            Id = Guid.NewGuid(),
            Role = "assistant",
            Text = "Use the tracking link. [faq:12]",
            Sources = [new SourceItem(12, "How can I track my order?", 0.8)],
            Rating = "down",
        });

        Assert.Equal("/faqs/12", cut.Find("a.citation").GetAttribute("href"));
        Assert.Equal("false", cut.Find("button[aria-label=Helpful]").GetAttribute("aria-pressed"));
        Assert.Equal("true", cut.Find("button[aria-label='Not helpful']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void What_a_user_wrote_is_plain_text_never_markdown_or_html()
    {
        var cut = Show(new ChatMessageView { Role = "user", Text = "**not bold** <b>nor this</b>" });

        Assert.Equal("**not bold** <b>nor this</b>", cut.Find(".user-text").TextContent);
        Assert.Empty(cut.FindAll("strong"));
        Assert.Empty(cut.FindAll("b"));
    }
}
