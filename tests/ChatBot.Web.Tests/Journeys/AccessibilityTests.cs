using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Web.Tests.Journeys;

/// <summary>
/// Pages the journeys do not pass through, checked the same way: axe-core finds no serious or critical violation and a
/// screenshot is saved. (The journeys check the chat, FAQ, settings and admin pages they visit.)
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class AccessibilityTests(WebAppFixture fixture)
{
    [Theory]
    [InlineData("/register", "register")]
    [InlineData("/reset-password?email=someone%40example.com&token=abc", "reset-password")]
    [InlineData("/not-found", "not-found")]
    public async Task Anonymous_pages_pass_axe(string path, string name)
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync(path);

        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        await BrowserSteps.CheckPageAsync(page, name);
    }

    [Fact]
    public async Task The_admin_home_and_the_phone_sized_admin_table_pass_axe()
    {
        var page = await fixture.NewPageAsync();
        await BrowserSteps.SignInAsync(page, WebAppFixture.AdminEmail, fixture.AdminPassword, "/admin");
        await Expect(page.Locator(".card")).ToHaveCountAsync(7);
        await BrowserSteps.CheckPageAsync(page, "admin-home");

        var phone = await fixture.NewPageAsync(390, 844);
        await BrowserSteps.SignInAsync(phone, WebAppFixture.AdminEmail, fixture.AdminPassword, "/admin/faqs");
        await Expect(phone.Locator("table tbody tr[aria-rowindex]").First).ToBeVisibleAsync();
        await BrowserSteps.CheckPageAsync(phone, "admin-faqs-phone");
    }
}
