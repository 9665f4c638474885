using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using ChatBot.Core.Identity;
using ChatBot.Core.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Tests.Knowledge;

/// <summary>Category trees are at most eight levels deep, and the tree reads even when an older one is deeper.</summary>
[Collection(KnowledgeCollection.Name)]
public sealed class FaqCategoryDepthTests(KnowledgeFixture fixture)
{
    [Fact]
    public async Task A_ninth_level_is_refused_on_create_and_on_move_naming_parent_id()
    {
        using var moderator = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync(Roles.Moderator));
        var chain = await CreateChainAsync(moderator, FaqCategory.MaxDepth);
        var branch = await CreateChainAsync(moderator, 2);

        using var ninth = await moderator.PostAsJsonAsync("/api/v1/faqs/categories", new { name = Unique("Ninth"), parent_id = chain[^1] });
        // The two-level branch fits under level 6 (ending at level 8), not under level 7.
        using var tooDeep = await moderator.PutAsJsonAsync($"/api/v1/faqs/categories/{branch[0]}", new { name = Unique("Branch"), parent_id = chain[6] });
        using var fits = await moderator.PutAsJsonAsync($"/api/v1/faqs/categories/{branch[0]}", new { name = Unique("Branch"), parent_id = chain[5] });

        Assert.Equal(HttpStatusCode.BadRequest, ninth.StatusCode);
        Assert.Equal("application/problem+json", ninth.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most 8 levels", (await ninth.ReadJsonAsync()).GetProperty("errors").GetProperty("parent_id")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.StatusCode);
        Assert.Contains("would make 9", (await tooDeep.ReadJsonAsync()).GetProperty("errors").GetProperty("parent_id")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        var tree = await moderator.GetFromJsonAsync<JsonElement[]>("/api/v1/faqs/categories");
        Assert.Equal(FaqCategory.MaxDepth, Depth(tree!.Single(c => c.GetProperty("id").GetInt32() == chain[0])));
    }

    [Fact]
    public async Task A_tree_stored_deeper_than_the_limit_still_reads_with_every_category_once()
    {
        // Forty levels, as could be stored before the limit: nested without bound, the response broke JSON's depth limit (500).
        var chain = new List<FaqCategory>();
        await fixture.Api.WithDbAsync(async db =>
        {
            for (var level = 1; level <= 40; level++)
            {
                var name = Unique($"Level {level}");
                var category = new FaqCategory { Name = name, Slug = Slugs.From(name), Parent = chain.LastOrDefault(), CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
                db.FaqCategories.Add(category);
                chain.Add(category);
            }

            return await db.SaveChangesAsync();
        });
        var ids = chain.Select(c => c.Id).ToList();
        try
        {
            using var user = fixture.Api.CreateClient(await fixture.Api.CreateSignedInUserAsync());

            using var response = await user.GetAsync("/api/v1/faqs/categories");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var root = (await response.ReadJsonAsync()).EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == ids[0]);
            Assert.Equal(FaqCategory.MaxDepth, Depth(root));
            var listed = Flatten(root).ToList();
            Assert.Equal(ids, listed.Select(c => c.GetProperty("id").GetInt32()));
            // Each keeps its real parent, also those listed at the last level.
            Assert.Equal(ids.SkipLast(1), listed.Skip(1).Select(c => c.GetProperty("parent_id").GetInt32()));
        }
        finally
        {
            await fixture.Api.WithDbAsync(async db =>
            {
                await db.FaqCategories.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(set => set.SetProperty(c => c.ParentId, (int?)null));
                return await db.FaqCategories.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync();
            });
        }
    }

    /// <summary>Categories nested one under the other; their ids from the top.</summary>
    private static async Task<List<int>> CreateChainAsync(HttpClient moderator, int levels)
    {
        var ids = new List<int>();
        for (var level = 1; level <= levels; level++)
        {
            using var created = await moderator.PostAsJsonAsync("/api/v1/faqs/categories", new { name = Unique($"Level {level}"), parent_id = ids.Count > 0 ? ids[^1] : (int?)null });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add((await created.ReadJsonAsync()).GetProperty("id").GetInt32());
        }

        return ids;
    }

    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 9)];

    private static int Depth(JsonElement node) =>
        1 + node.GetProperty("children").EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max();

    private static IEnumerable<JsonElement> Flatten(JsonElement node) =>
        new[] { node }.Concat(node.GetProperty("children").EnumerateArray().SelectMany(Flatten));
}
