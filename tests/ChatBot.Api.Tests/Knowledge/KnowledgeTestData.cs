using System.Net;
using System.Net.Http.Json;
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
        using var response = await moderator.PostAsJsonAsync("/api/v1/faqs/import", rows);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var categories = await moderator.GetFromJsonAsync<System.Text.Json.JsonElement[]>("/api/v1/faqs/categories");
        var categoryId = categories!.Single(c => c.GetProperty("name").GetString() == categoryName).GetProperty("id").GetInt32();
        var ids = (await response.ReadJsonAsync()).GetProperty("faq_ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var byExternal = new Dictionary<string, int>();
        for (var i = 0; i < faqs.Length; i++)
        {
            byExternal[(string)faqs[i].GetType().GetProperty("id")!.GetValue(faqs[i])!] = ids[i];
        }

        return (categoryId, byExternal);
    }

    private static Dictionary<string, object?> WithCategoryAndPrefix(object faq, string category, string prefix)
    {
        var values = faq.GetType().GetProperties().ToDictionary(p => p.Name, p => p.GetValue(faq));
        values["id"] = $"{prefix}-{values["id"]}";
        values["category"] = category;
        return values;
    }
}
