using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Web.Tests.Journeys;

/// <summary>Moderators and admins curating the knowledge base and working the queues, in Chromium.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AdminJourneyTests(WebAppFixture fixture)
{
    [Fact]
    public async Task An_admin_adds_an_faq_and_a_user_is_answered_from_it_with_its_markup_shown_as_text()
    {
        var marker = $"Zorblax{Guid.NewGuid():N}"[..14];
        var admin = await fixture.NewPageAsync();
        await BrowserSteps.SignInAsync(admin, WebAppFixture.AdminEmail, fixture.AdminPassword, "/admin/faqs");
        await BrowserSteps.CheckPageAsync(admin, "admin-faqs");

        await admin.GetByRole(AriaRole.Button, new() { Name = "New FAQ" }).ClickAsync();
        await admin.FillAsync("#faq-question", $"What is the {marker} loyalty programme?");
        await admin.FillAsync("#faq-answer", $"The {marker} programme gives **points** on every order. <img src=x onerror=\"window.__pwned=1\"> [more](javascript:window.__pwned=2)");
        await admin.FillAsync("#faq-alternates", $"how do {marker} points work\ntell me about the {marker} rewards");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved FAQ");
        await admin.FillAsync("#faq-search", marker);
        // QuickGrid pads a page with empty rows; the FAQs are the rows with an index.
        await Expect(admin.Locator("table tbody tr[aria-rowindex]")).ToHaveCountAsync(1);

        var user = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(user);
        var answer = await BrowserSteps.AskAsync(user, $"how do {marker} points work?");

        await Expect(answer.Locator(".markdown strong")).ToHaveTextAsync("points");
        await Expect(answer.Locator(".markdown")).ToContainTextAsync("<img src=x onerror=");
        await Expect(answer.Locator("a.citation")).ToHaveTextAsync($"What is the {marker} loyalty programme?");
        Assert.Equal(0, await answer.Locator("img").CountAsync());
        Assert.Equal(0, await answer.Locator("a[href^='javascript:']").CountAsync());
        Assert.True(await user.EvaluateAsync<bool>("() => window.__pwned === undefined"));
    }

    [Fact]
    public async Task Moderators_read_a_handed_off_conversation_masked_and_resolve_it_with_the_faq_that_answers_it()
    {
        const string question = "the thing I ordered turned up smashed, what now?";
        var user = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(user);
        await BrowserSteps.AskAsync(user, "please call me on +1 415 555 0100 about my damaged item");
        await BrowserSteps.AskAsync(user, question);
        await user.GetByRole(AriaRole.Button, new() { Name = "Talk to a person" }).ClickAsync();
        await Expect(user.GetByRole(AriaRole.Status).Filter(new() { HasText = "A person has been asked" })).ToBeVisibleAsync();

        var admin = await fixture.NewPageAsync();
        await BrowserSteps.SignInAsync(admin, WebAppFixture.AdminEmail, fixture.AdminPassword, "/admin/handoffs");
        var item = admin.Locator(".queue li", new() { HasText = question });
        await Expect(item).ToBeVisibleAsync();
        await BrowserSteps.CheckPageAsync(admin, "admin-handoffs");
        await item.GetByRole(AriaRole.Link, new() { Name = "Open the conversation" }).ClickAsync();
        await Expect(admin.Locator("li.message.user").First).ToContainTextAsync("please call me on [phone] about my damaged item");
        await Expect(admin.Locator("li.message.assistant")).ToHaveCountAsync(2);
        await BrowserSteps.CheckPageAsync(admin, "admin-conversation");

        await admin.GoBackAsync();
        await BrowserSteps.WaitForInteractiveAsync(admin);
        item = admin.Locator(".queue li", new() { HasText = question });
        var picker = item.GetByLabel("The FAQ that answers it");
        var faqQuestion = (await picker.Locator("option").Nth(1).TextContentAsync())!.Trim();
        await picker.SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await item.GetByRole(AriaRole.Button, new() { Name = "Mark as handled" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "Marked as handled" })).ToBeVisibleAsync();
        await Expect(admin.Locator(".queue li", new() { HasText = question })).ToHaveCountAsync(0);

        await admin.GotoAsync("/admin/suggestions");
        await Expect(admin.Locator(".queue li", new() { HasText = question })).ToContainTextAsync(faqQuestion);
    }

    [Fact]
    public async Task Moderators_resolve_flags_and_admins_change_roles()
    {
        var user = await fixture.NewPageAsync();
        var account = await BrowserSteps.RegisterAsync(user);
        await user.FillAsync("#message", "my card is 4111 1111 1111 1111, why was it declined?");
        await user.PressAsync("#message", "Enter");
        await Expect(user.GetByRole(AriaRole.Alert)).ToContainTextAsync("Please don't share card numbers");
        await Expect(user.Locator("#message")).ToHaveValueAsync("my card is 4111 1111 1111 1111, why was it declined?");

        var admin = await fixture.NewPageAsync();
        await BrowserSteps.SignInAsync(admin, WebAppFixture.AdminEmail, fixture.AdminPassword, "/admin/moderation");
        var flag = admin.Locator(".queue li", new() { HasText = "my card is [card number], why was it declined?" });
        await Expect(flag).ToBeVisibleAsync();
        await BrowserSteps.CheckPageAsync(admin, "admin-moderation");
        await flag.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("confirmed");

        await admin.GotoAsync("/admin/users");
        await BrowserSteps.WaitForInteractiveAsync(admin);
        await admin.FillAsync("#user-search", account.UserName);
        var row = admin.Locator("tbody tr", new() { HasText = account.UserName });
        await Expect(row).ToHaveCountAsync(1);
        await BrowserSteps.CheckPageAsync(admin, "admin-users");
        await row.Locator("select").SelectOptionAsync("moderator");
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("is now moderator");

        using var api = await fixture.CreateApiClientAsync(WebAppFixture.AdminEmail, fixture.AdminPassword);
        var users = await api.GetFromJsonAsync<JsonElement>($"/api/v1/admin/users?search={account.UserName}");
        Assert.Equal("moderator", users.GetProperty("items")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task An_admin_imports_a_file_the_worker_writes_and_sees_it_on_the_jobs_page()
    {
        var marker = $"Quibble{Guid.NewGuid():N}"[..15];
        var rows = Enumerable.Range(1, 120).Select(i => new
        {
            id = $"{marker}-{i}",
            category = marker,
            question = $"How does {marker} feature number {i} work?",
            alternates = new[] { $"explain {marker} feature {i}", $"{marker} feature {i} help" },
            answer = $"Feature {i} of {marker} works like this.",
        });
        var bad = new[] { new { id = "x", category = marker, question = "", alternates = Array.Empty<string>(), answer = "no question" } };
        var admin = await fixture.NewPageAsync();
        await BrowserSteps.SignInAsync(admin, WebAppFixture.AdminEmail, fixture.AdminPassword, "/admin/faqs");

        // A file with a bad row changes nothing and says which row is wrong.
        await admin.Locator("#import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "bad.json",
            MimeType = "application/json",
            Buffer = JsonSerializer.SerializeToUtf8Bytes(bad),
        });
        await Expect(admin.Locator(".row-errors li").First).ToContainTextAsync("row 1:");

        await admin.Locator("#import-file").SetInputFilesAsync(new FilePayload
        {
            Name = $"{marker}.json",
            MimeType = "application/json",
            Buffer = JsonSerializer.SerializeToUtf8Bytes(rows),
        });
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Imported {marker}.json: 120 new, 0 updated." }))
            .ToBeVisibleAsync(new() { Timeout = 90_000 });
        await admin.FillAsync("#faq-search", marker);
        await Expect(admin.Locator("table tbody tr[aria-rowindex]")).ToHaveCountAsync(20);

        await admin.GotoAsync("/admin/jobs");
        await BrowserSteps.WaitForInteractiveAsync(admin);
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Background jobs");
        foreach (var job in new[] { "send-emails", "import-faqs", "train-answer-model" })
        {
            await Expect(admin.Locator("table.jobs tbody tr", new() { HasText = job }).Locator("[data-job-state]"))
                .ToHaveAttributeAsync("data-job-state", "ok");
        }

        var import = admin.Locator("table tbody tr", new() { HasText = $"{marker}.json" });
        await Expect(import).ToContainTextAsync("completed");
        await Expect(import).ToContainTextAsync("120 of 120");
        await BrowserSteps.CheckPageAsync(admin, "admin-jobs");
    }

    [Fact]
    public async Task A_users_thumbs_up_becomes_a_suggested_phrasing_that_a_moderator_approves_into_the_faq()
    {
        var marker = $"Plimsoll{Guid.NewGuid():N}"[..16];
        using var api = await fixture.CreateApiClientAsync(WebAppFixture.AdminEmail, fixture.AdminPassword);
        using var created = await api.PostAsJsonAsync("/api/v1/faqs", new
        {
            question = $"How do I renew my {marker} membership?",
            answer = $"Open Account, then {marker}, and choose Renew.",
            alternates = new[] { $"renew {marker} membership", $"{marker} membership renewal" },
        });
        created.EnsureSuccessStatusCode();
        var faqId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var question = $"how can I renew my {marker} membership please";

        var user = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(user);
        var answer = await BrowserSteps.AskAsync(user, question);
        await Expect(answer.Locator("a.citation")).ToHaveTextAsync($"How do I renew my {marker} membership?");
        await answer.GetByRole(AriaRole.Button, new() { Name = "Helpful", Exact = true }).ClickAsync();
        await Expect(answer.GetByRole(AriaRole.Button, new() { Name = "Helpful", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");

        var moderator = await fixture.NewPageAsync();
        await BrowserSteps.SignInAsync(moderator, WebAppFixture.AdminEmail, fixture.AdminPassword, "/admin/suggestions");
        var item = moderator.Locator(".queue li", new() { HasText = question });
        await Expect(item).ToContainTextAsync($"How do I renew my {marker} membership?");
        await Expect(item).ToContainTextAsync("confirmed by 1 person");
        await BrowserSteps.CheckPageAsync(moderator, "admin-suggestions");
        await item.GetByRole(AriaRole.Button, new() { Name = $"Approve: {question}" }).ClickAsync();

        await Expect(moderator.GetByRole(AriaRole.Status).Filter(new() { HasText = "Approved 1 suggestion(s)." })).ToBeVisibleAsync();
        await Expect(moderator.Locator(".queue li", new() { HasText = question })).ToHaveCountAsync(0);
        var faq = await api.GetFromJsonAsync<JsonElement>($"/api/v1/faqs/{faqId}");
        Assert.Contains(question, faq.GetProperty("learned_alternates").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task A_user_cannot_open_admin_pages_by_their_address()
    {
        var page = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);

        foreach (var path in new[] { "/admin", "/admin/faqs", "/admin/users", "/admin/moderation", "/admin/jobs", "/admin/analytics" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal("/access-denied", new Uri(page.Url).AbsolutePath);
            Assert.NotNull(response);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Not for your account");
        }

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);
        var report = await page.APIRequest.GetAsync($"/admin/analytics/reports/{Guid.NewGuid()}", new() { MaxRedirects = 0 });
        Assert.Equal(302, report.Status);
        Assert.StartsWith("/access-denied", new Uri(fixture.WebUrl, report.Headers["location"]).AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_deletes_an_account_after_confirming_but_not_their_own()
    {
        var user = await fixture.NewPageAsync();
        var account = await BrowserSteps.RegisterAsync(user);

        var admin = await fixture.NewPageAsync();
        await BrowserSteps.SignInAsync(admin, WebAppFixture.AdminEmail, fixture.AdminPassword, "/admin/users");
        await admin.FillAsync("#user-search", account.UserName);
        var row = admin.Locator("tbody tr", new() { HasText = account.UserName });
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Button, new() { Name = $"Delete {account.UserName}" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Confirm deleting {account.UserName}" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"{account.UserName} and everything stored about them were deleted.");
        await Expect(row).ToHaveCountAsync(0);
        // The deleted user's open browser is signed out on its next page.
        await user.GotoAsync("/");
        await user.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");

        await admin.FillAsync("#user-search", WebAppFixture.AdminEmail);
        var self = admin.Locator("tbody tr", new() { HasText = WebAppFixture.AdminEmail });
        await Expect(self).ToHaveCountAsync(1);
        await self.GetByRole(AriaRole.Button, new() { NameRegex = new("^Delete ") }).ClickAsync();
        await self.GetByRole(AriaRole.Button, new() { NameRegex = new("^Confirm deleting ") }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("Admins erase their own account from their profile");
        await Expect(self).ToHaveCountAsync(1);
        // Other refusals stay on screen too, after the list reloads.
        await self.GetByRole(AriaRole.Button, new() { NameRegex = new("^Disable ") }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("Admins cannot disable their own account.");
    }
}
