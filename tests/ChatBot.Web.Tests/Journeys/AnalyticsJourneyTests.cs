using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Web.Tests.Journeys;

/// <summary>The analytics page for moderators and admins, in Chromium.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AnalyticsJourneyTests(WebAppFixture fixture)
{
    [Fact]
    public async Task An_admin_sees_todays_answers_and_a_backwards_range_is_explained()
    {
        var user = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(user);
        await BrowserSteps.AskAsync(user, "which payment methods do you accept?");

        var admin = await fixture.NewPageAsync();
        await BrowserSteps.SignInAsync(admin, WebAppFixture.AdminEmail, fixture.AdminPassword, "/admin/analytics");
        await Expect(admin.Locator("[data-figure=answers] dd")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9]"));
        // The last 30 days by default, one row each.
        await Expect(admin.Locator("table.trends tbody tr")).ToHaveCountAsync(30);
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Weekly reports" })).ToBeVisibleAsync();
        await BrowserSteps.CheckPageAsync(admin, "admin-analytics");

        await admin.FillAsync("#analytics-from", "2026-03-10");
        await admin.FillAsync("#analytics-to", "2026-03-01");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("'from' must not be after 'to'.");
        await Expect(admin.Locator("[data-figure=answers]")).ToHaveCountAsync(0);

        await admin.SelectOptionAsync("#analytics-granularity", "week");
        await admin.FillAsync("#analytics-from", "2026-03-01");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(admin.Locator("table.trends tbody tr")).ToHaveCountAsync(1);
        await Expect(admin.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);

        // Reports download through the web app, for admins: an unknown one is 404, not an error page.
        Assert.Equal(404, (await admin.APIRequest.GetAsync($"/admin/analytics/reports/{Guid.NewGuid()}")).Status);
    }

    [Fact]
    public async Task Only_admins_are_offered_the_weekly_report_by_email()
    {
        var user = await fixture.NewPageAsync();
        await BrowserSteps.RegisterAsync(user);
        await user.GotoAsync("/settings");
        await BrowserSteps.WaitForInteractiveAsync(user);
        await Expect(user.Locator("h1")).ToHaveTextAsync("Settings");
        await Expect(user.Locator("#weekly-report")).ToHaveCountAsync(0);

        var admin = await fixture.NewPageAsync();
        await BrowserSteps.SignInAsync(admin, WebAppFixture.AdminEmail, fixture.AdminPassword, "/settings");
        await admin.CheckAsync("#weekly-report");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Profile saved.");

        using var api = await fixture.CreateApiClientAsync(WebAppFixture.AdminEmail, fixture.AdminPassword);
        var me = await api.GetFromJsonAsync<JsonElement>("/api/v1/users/me");
        Assert.True(me.GetProperty("weekly_report").GetBoolean());
    }
}
