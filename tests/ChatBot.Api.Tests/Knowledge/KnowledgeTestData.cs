using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;

namespace ChatBot.Api.Tests.Knowledge;

/// <summary>Small knowledge bases a test owns: a category of its own, so searches filtered to it see only its FAQs.</summary>
public static class KnowledgeTestData
{
    public static readonly object[] SupportFaqs =
    [
        new { id = "freeze", question = "How do I freeze my card?", answer = "Open Cards, pick the card and choose Freeze.", alternates = new[] { "can you block my card right away", "lock my debit card", "I want to freeze my account card" } },
        new { id = "password", question = "How do I reset my password?", answer = "Use 'Forgot password' on the sign-in page.", alternates = new[] { "I forgot my password", "can't log in, need a new password", "change my login password" } },
        new { id = "refund", question = "How long does a refund take?", answer = "Refunds reach your account in 3-5 business days.", alternates = new[] { "when will I get my money back", "refund still not arrived", "how many days for a refund" } },
        new { id = "hours", question = "What are your opening hours?", answer = "Support is open 8:00-20:00 on weekdays.", alternates = new[] { "when are you open", "what time does support close", "are you open on weekends" } },
    ];

    /// <summary>Imports FAQs into a new uniquely named category (as a moderator) and returns the category id and FAQ ids by external id.</summary>
    public static async Task<(int CategoryId, Dictionary<string, int> FaqIds)> ImportAsync(HttpClient moderator, params object[] faqs)
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        var categoryName = $"Support {prefix}";
        var rows = faqs.Select(f => WithCategoryAndPrefix(f, categoryName, prefix)).ToArray();
        var import = await ImportAndWaitAsync(moderator, JsonContent.Create(rows));
        Assert.Equal("completed", import.GetProperty("status").GetString());

        var categories = await moderator.GetFromJsonAsync<JsonElement[]>("/api/v1/faqs/categories");
        var categoryId = categories!.Single(c => c.GetProperty("name").GetString() == categoryName).GetProperty("id").GetInt32();
        var listed = await moderator.GetFromJsonAsync<JsonElement>($"/api/v1/faqs?category={categoryId}&page_size=100");
        var byExternal = listed.GetProperty("items").EnumerateArray()
            .ToDictionary(f => f.GetProperty("external_id").GetString()![(prefix.Length + 1)..], f => f.GetProperty("id").GetInt32());
        Assert.Equal(faqs.Length, byExternal.Count);
        return (categoryId, byExternal);
    }

    /// <summary>Uploads an import file, expects 202, and follows the import until the Worker has finished it.</summary>
    public static async Task<JsonElement> ImportAndWaitAsync(HttpClient moderator, HttpContent file)
    {
        using var response = await moderator.PostAsync("/api/v1/faqs/import", file);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        JsonElement status = default;
        await Eventually.TrueAsync(async () =>
        {
            status = await moderator.GetFromJsonAsync<JsonElement>(location);
            return status.GetProperty("status").GetString() is "completed" or "failed";
        }, $"import {location} to finish", TimeSpan.FromSeconds(60));
        return status;
    }

    private static Dictionary<string, object?> WithCategoryAndPrefix(object faq, string category, string prefix)
    {
        var values = faq.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(faq));
        values["id"] = $"{prefix}-{values["id"]}";
        values["category"] = category;
        return values;
    }
}
