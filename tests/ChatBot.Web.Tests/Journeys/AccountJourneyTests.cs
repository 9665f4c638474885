using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Web.Tests.Journeys;

/// <summary>Signing in and out, a forgotten password, and the settings page, in Chromium.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AccountJourneyTests(WebAppFixture fixture)
{
    [Fact]
    public async Task Pages_refuse_to_be_framed_by_another_site()
    {
        var page = await fixture.NewPageAsync();
        var login = await page.APIRequest.GetAsync("/login");

        Assert.Equal(200, login.Status);
        Assert.Equal("DENY", login.Headers["x-frame-options"]);
        Assert.Contains("frame-ancestors 'none'", login.Headers["content-security-policy"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_and_in_again_and_a_wrong_password_is_explained()
    {
        var page = await fixture.NewPageAsync();
        var account = await BrowserSteps.RegisterAsync(page);

        // A sign-out posted without the page's antiforgery token (as another site's form would) is refused.
        var forged = await page.APIRequest.PostAsync("/logout", new() { MaxRedirects = 0 });
        Assert.Equal(400, forged.Status);
        await page.GotoAsync("/settings");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Settings");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Sign out") }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out.");
        await BrowserSteps.CheckPageAsync(page, "login");
        await page.GotoAsync("/settings");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);

        await page.FillAsync("#login", account.Email);
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not correct");

        await page.FillAsync("#password", account.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/settings");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Settings");
    }

    [Fact]
    public async Task A_tab_left_open_after_signing_out_in_another_says_signed_out_not_session_ended()
    {
        var page = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(page);
        var otherTab = await page.Context.NewPageAsync();
        await otherTab.GotoAsync("/");
        await BrowserSteps.WaitForInteractiveAsync(otherTab);

        await page.GotoAsync("/settings");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Sign out") }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");

        // The open tab's next call to the Api finds its session gone, and says why: the person signed out.
        await otherTab.FillAsync("#message", "How do I reset my password?");
        await otherTab.PressAsync("#message", "Enter");
        await otherTab.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
        await Expect(otherTab.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out.");
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_with_the_emailed_link()
    {
        var page = await fixture.NewPageAsync();
        var account = await BrowserSteps.RegisterAsync(page);
        await page.Context.ClearCookiesAsync();

        await page.GotoAsync("/forgot-password");
        await BrowserSteps.CheckPageAsync(page, "forgot-password");
        await page.FillAsync("#email", account.Email);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("on its way");

        var link = await ResetLinkAsync(account.Email);
        await page.GotoAsync(link.PathAndQuery);
        await page.FillAsync("#password", "brand-new-secret-42");
        await page.FillAsync("#confirm", "brand-new-secret-42");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed");

        await BrowserSteps.SignInAsync(page, account.Email, "brand-new-secret-42");
        await Expect(page.Locator("h1")).ToHaveTextAsync("New chat");
    }

    [Fact]
    public async Task Settings_change_the_profile_and_password_and_sign_out_another_device()
    {
        var page = await fixture.NewPageAsync();
        var account = await BrowserSteps.RegisterAsync(page);
        var other = await fixture.NewPageAsync();
        await BrowserSteps.SignInAsync(other, account.Email, account.Password);

        await page.GotoAsync("/settings");
        await BrowserSteps.WaitForInteractiveAsync(page);
        await BrowserSteps.CheckPageAsync(page, "settings");
        await page.FillAsync("#display-name", "Ada Lovelace");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Profile saved.");

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out this device" })).ToHaveCountAsync(1);
        // The Api sees each browser (not the web app) as the device: its address and its user agent.
        await Expect(page.Locator("table tbody tr").First).ToContainTextAsync("Chrome");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out this device" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("That device is signed out.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out this device" })).ToHaveCountAsync(0);

        await page.FillAsync("#current-password", account.Password);
        await page.FillAsync("#new-password", "another-secret-77");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Password changed.");

        // This session goes on with the token the Api issued for it; the other device's session is over.
        await page.GotoAsync("/");
        await BrowserSteps.WaitForInteractiveAsync(page);
        var answer = await BrowserSteps.AskAsync(page, "which payment methods do you accept?");
        await Expect(answer).ToHaveAttributeAsync("data-status", "complete");
        await other.GotoAsync("/");
        await other.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/login");
    }

    /// <summary>
    /// The reset mail's link, read the way a person would: from the development inbox (smtp4dev) the Worker sent it to.
    /// </summary>
    private async Task<Uri> ResetLinkAsync(string email)
    {
        using var inbox = new HttpClient { BaseAddress = fixture.App.GetEndpoint("mail", "http") };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var messages = await inbox.GetFromJsonAsync<JsonElement>($"/api/messages?searchTerms={Uri.EscapeDataString(email)}&pageSize=20");
            var reset = messages.GetProperty("results").EnumerateArray()
                .FirstOrDefault(m => m.GetProperty("subject").GetString()!.Contains("password", StringComparison.OrdinalIgnoreCase)
                    && m.GetProperty("to").EnumerateArray().Any(to => to.GetString() == email));
            if (reset.ValueKind == JsonValueKind.Object)
            {
                var text = await inbox.GetStringAsync($"/api/messages/{reset.GetProperty("id").GetString()}/plaintext");
                return new Uri(Regex.Match(text, @"https?://\S+/reset-password\?\S+").Value);
            }

            Assert.True(DateTime.UtcNow < deadline, $"No password-reset mail for {email} reached the inbox.");
            await Task.Delay(500);
        }
    }
}
