using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Web.Tests.Journeys;

/// <summary>A chat user's journeys through the real app in Chromium.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ChatJourneyTests(WebAppFixture fixture)
{
    [Fact]
    public async Task A_new_user_registers_sees_the_answer_stream_in_with_its_citation_and_finds_the_conversation_after_a_reload()
    {
        var page = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.CheckPageAsync(page, "chat-empty");

        await page.FillAsync("#message", "my parcel has not arrived, where is it?");
        await page.PressAsync("#message", "Enter");

        var answer = page.Locator("li.message.assistant").First;
        // Streaming: part of the answer is on screen while the rest is still coming.
        await Expect(answer).ToHaveAttributeAsync("data-status", "streaming");
        await Expect(answer.Locator(".markdown")).ToContainTextAsync("tracking link");
        await Expect(answer).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
        await Expect(answer).ToContainTextAsync("Tracking appears about 12 hours after dispatch.");
        var citation = answer.Locator("a.citation");
        await Expect(citation).ToHaveTextAsync("How can I track my order?");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/c/[0-9a-f-]{36}$"));
        var conversationUrl = page.Url;
        await Expect(page.Locator(".conversation-list li.active")).ToBeVisibleAsync();
        await BrowserSteps.CheckPageAsync(page, "chat-answered");

        await citation.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("How can I track my order?");
        await BrowserSteps.CheckPageAsync(page, "faq-article");

        await page.GotoAsync(conversationUrl);
        await BrowserSteps.WaitForInteractiveAsync(page);
        await Expect(page.Locator("li.message.user")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("my parcel has not arrived"));
        await Expect(page.Locator("li.message.assistant .markdown")).ToContainTextAsync("Tracking appears about 12 hours after dispatch.");
        await Expect(page.Locator("li.message.assistant a.citation")).ToHaveTextAsync("How can I track my order?");
    }

    [Fact]
    public async Task Stopping_mid_answer_keeps_the_part_already_written_as_stopped()
    {
        var page = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);

        await page.FillAsync("#message", WebAppFixture.LongQuestion);
        await page.PressAsync("#message", "Enter");
        var answer = page.Locator("li.message.assistant").First;
        await Expect(answer.Locator(".markdown")).ToContainTextAsync("step3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();

        await Expect(answer).ToHaveAttributeAsync("data-status", "stopped", new() { Timeout = 15_000 });
        await Expect(answer).ToContainTextAsync("Stopped. The part above was kept.");
        var kept = await answer.Locator(".markdown").InnerTextAsync();
        Assert.DoesNotContain("step120", kept, StringComparison.Ordinal);

        await page.ReloadAsync();
        await BrowserSteps.WaitForInteractiveAsync(page);
        var reloaded = page.Locator("li.message.assistant").First;
        await Expect(reloaded).ToHaveAttributeAsync("data-status", "stopped");
        Assert.Equal(kept.Trim(), (await reloaded.Locator(".markdown").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Markup_in_a_message_is_shown_as_text_and_never_runs()
    {
        var page = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        const string message = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> is this safe?";

        await BrowserSteps.AskAsync(page, message);

        await Expect(page.Locator("li.message.user .user-text")).ToHaveTextAsync(message);
        Assert.Equal(0, await page.Locator("li.message img").CountAsync());
        Assert.Equal(0, await page.Locator("li.message script").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"));
    }

    [Fact]
    public async Task Feedback_and_a_request_for_a_person_are_recorded()
    {
        var page = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        var answer = await BrowserSteps.AskAsync(page, "what is your return policy?");

        await answer.GetByRole(AriaRole.Button, new() { Name = "Helpful", Exact = true }).ClickAsync();
        await Expect(answer.GetByRole(AriaRole.Button, new() { Name = "Helpful", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Talk to a person" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "A person has been asked" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Talk to a person" })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Conversations_can_be_searched_renamed_and_deleted_from_the_sidebar()
    {
        var page = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        await BrowserSteps.AskAsync(page, "how do I reset my password?");
        await page.GotoAsync("/");
        await BrowserSteps.WaitForInteractiveAsync(page);
        await BrowserSteps.AskAsync(page, "which payment methods do you accept?");
        var list = page.Locator(".conversation-list li");
        await Expect(list).ToHaveCountAsync(2);

        await page.FillAsync("#conversation-search", "payment");
        await Expect(list).ToHaveCountAsync(1);
        await page.FillAsync("#conversation-search", "");
        await Expect(list).ToHaveCountAsync(2);

        var first = list.First;
        await first.GetByRole(AriaRole.Button, new() { NameRegex = new("^Rename") }).ClickAsync();
        await first.Locator("input").FillAsync("Payments question");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator(".conversation-list a", new() { HasText = "Payments question" })).ToBeVisibleAsync();

        var renamed = page.Locator(".conversation-list li", new() { HasText = "Payments question" });
        await renamed.GetByRole(AriaRole.Button, new() { NameRegex = new("^Delete") }).ClickAsync();
        await renamed.GetByRole(AriaRole.Button, new() { NameRegex = new("^Confirm deleting") }).ClickAsync();
        await Expect(list).ToHaveCountAsync(1);
        await Expect(page.Locator(".conversation-list a", new() { HasText = "Payments question" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_chat_works_on_a_phone_sized_screen()
    {
        var page = await fixture.NewPageAsync(390, 844);
        await BrowserSteps.RegisterAsync(page);

        var answer = await BrowserSteps.AskAsync(page, "how long does delivery take?");
        await Expect(answer).ToHaveAttributeAsync("data-status", "complete");
        await Expect(page.Locator("#conversation-list")).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Conversations" }).ClickAsync();
        await Expect(page.Locator("#conversation-list")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "nothing wider than the screen");
        await BrowserSteps.CheckPageAsync(page, "chat-phone");
    }
}
