using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Web.Tests.Journeys;

/// <summary>A copy of one's data and deleting one's account, from the settings page, in Chromium.</summary>
[Collection(WebAppCollection.Name)]
public sealed class PrivacyJourneyTests(WebAppFixture fixture)
{
    [Fact]
    public async Task A_user_downloads_the_copy_of_their_data_the_worker_wrote_and_nobody_else_can()
    {
        var page = await fixture.NewPageAsync();
        var account = await BrowserSteps.RegisterAsync(page);
        await page.GotoAsync("/settings");
        await BrowserSteps.WaitForInteractiveAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Request a copy of my data" }).ClickAsync();
        var export = page.Locator("table.exports tbody tr").First;
        await Expect(export).ToHaveAttributeAsync("data-export-status", "ready", new() { Timeout = 30_000 });
        await BrowserSteps.CheckPageAsync(page, "settings-your-data");

        var link = export.GetByRole(AriaRole.Link, new() { Name = "Download" });
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.StartsWith("chatbot-export-", download.SuggestedFilename, StringComparison.Ordinal);
        await using (var file = await download.CreateReadStreamAsync())
        {
            using var data = await JsonDocument.ParseAsync(file);
            Assert.Equal(account.Email, data.RootElement.GetProperty("profile").GetProperty("email").GetString());
        }

        // The link is the web app's, and serves only its owner: another user gets 404, a stranger is sent to sign in.
        var href = (await link.GetAttributeAsync("href"))!;
        var other = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(other);
        Assert.Equal(404, (await other.APIRequest.GetAsync(href)).Status);
        var stranger = await fixture.NewPageAsync();
        var anonymous = await stranger.APIRequest.GetAsync(href, new() { MaxRedirects = 0 });
        Assert.Equal(302, anonymous.Status);
        Assert.StartsWith("/login", new Uri(fixture.WebUrl, anonymous.Headers["location"]).AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdrawing_the_usage_statistics_consent_is_saved_in_the_consent_history()
    {
        var page = await fixture.NewPageAsync();
        var account = await BrowserSteps.RegisterAsync(page);
        await page.GotoAsync("/settings");
        await BrowserSteps.WaitForInteractiveAsync(page);

        await page.UncheckAsync("#consent-processing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save consent" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Consent saved.");

        using var api = await fixture.CreateApiClientAsync(account.Email, account.Password);
        var consent = await api.GetFromJsonAsync<JsonElement>("/api/v1/users/me/consent");
        Assert.False(consent.GetProperty("data_processing_consent").GetBoolean());
        Assert.True(consent.GetProperty("gdpr_consent").GetBoolean());
        var latest = consent.GetProperty("history")[0];
        Assert.Equal("data_processing", latest.GetProperty("consent_type").GetString());
        Assert.False(latest.GetProperty("granted").GetBoolean());
        await page.ReloadAsync();
        await Expect(page.Locator("#consent-processing")).Not.ToBeCheckedAsync();
    }

    [Fact]
    public async Task A_user_deletes_their_account_with_their_password_and_cannot_sign_in_again()
    {
        var page = await fixture.NewPageAsync();
        var account = await BrowserSteps.RegisterAsync(page);
        await page.GotoAsync("/settings");
        await BrowserSteps.WaitForInteractiveAsync(page);
        var delete = page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" });

        await page.FillAsync("#delete-password", "not-my-password");
        await delete.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The password is not correct.");

        await page.FillAsync("#delete-password", account.Password);
        await delete.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/deleted");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your account was deleted");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToHaveCountAsync(0);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), cookie => cookie.Name == "chatbot.session");
        await BrowserSteps.CheckPageAsync(page, "account-deleted");

        await page.GotoAsync("/settings");
        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await page.FillAsync("#login", account.Email);
        await page.FillAsync("#password", account.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not correct");
    }
}
