using System.Text.Json;
using Microsoft.Playwright;

namespace ChatBot.Web.Tests;

/// <summary>What a person does in the browser, as reusable steps.</summary>
public static class BrowserSteps
{
    public static readonly string AxeScript = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "assets", "axe.min.js"));

    public sealed record Account(string Email, string UserName, string Password);

    /// <summary>Fills in the registration form (privacy policy and usage statistics agreed) and lands signed in on the chat page.</summary>
    public static async Task<Account> RegisterAsync(IPage page)
    {
        var name = $"user{Guid.NewGuid():N}"[..16];
        var account = new Account($"{name}@example.com", name, "secure-pass-123");
        await page.GotoAsync("/register");
        await page.FillAsync("#email", account.Email);
        await page.FillAsync("#username", account.UserName);
        await page.FillAsync("#password", account.Password);
        await page.FillAsync("#confirm", account.Password);
        await page.CheckAsync("#gdpr");
        await page.CheckAsync("#processing");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await WaitForInteractiveAsync(page);
        return account;
    }

    public static async Task SignInAsync(IPage page, string login, string password, string path = "/")
    {
        await page.GotoAsync($"/login?returnUrl={Uri.EscapeDataString(path)}");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Interactive pages answer clicks and typing once their circuit is connected (the layout marks it).</summary>
    public static async Task WaitForInteractiveAsync(IPage page) =>
        await page.Locator("main[data-interactive=true]").WaitForAsync();

    /// <summary>Types a question, sends it with Enter, and returns the answer's element once the answer has ended.</summary>
    public static async Task<ILocator> AskAsync(IPage page, string question)
    {
        var before = await page.Locator("li.message.assistant").CountAsync();
        await page.FillAsync("#message", question);
        await page.PressAsync("#message", "Enter");
        var answer = page.Locator("li.message.assistant").Nth(before);
        await Assertions.Expect(answer).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("^(complete|stopped|failed)$"),
            new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        return answer;
    }

    /// <summary>
    /// Runs axe-core on the page and fails on serious or critical violations; saves a screenshot either way (a test
    /// artifact in TestResults/screenshots).
    /// </summary>
    public static async Task CheckPageAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = WebAppFixture.ScreenshotPath(name), FullPage = true });
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeScript });
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
            ".map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join('; ')})`)");
        var found = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(found.Count == 0, $"{name}: {string.Join("\n", found)}");
    }
}
