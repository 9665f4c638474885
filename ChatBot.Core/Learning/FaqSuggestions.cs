using ChatBot.Core.Conversations;
using ChatBot.Core.Data;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Moderation;
using ChatBot.Core.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatBot.Core.Learning;

/// <summary>
/// The knowledge base learning from use, safely. A user question becomes a suggested phrasing of an FAQ when the user
/// confirms the FAQ's answer (thumbs-up) or a moderator picks the FAQ for it. Nothing one user does changes answers
/// for others: a suggestion becomes an alternate of the FAQ only when a moderator approves it or, if switched on,
/// when enough distinct users confirmed the same phrasing.
/// </summary>
public sealed class FaqSuggestions(
    ChatBotDbContext db,
    FaqWriter writer,
    LocalRulesModerator rules,
    IOptions<LearningOptions> options,
    TimeProvider time)
{
    /// <summary>
    /// Suggests the question of <paramref name="messageId"/> for the FAQ. Nothing is suggested for a question that the
    /// moderation rules flag (personal data, blocked terms, injections) or that the FAQ already has; a user confirming
    /// the same phrasing again changes nothing. Null when nothing was suggested.
    /// </summary>
    public async Task<FaqSuggestion?> SuggestAsync(int faqId, Guid messageId, SuggestionSource source, Guid confirmedById, CancellationToken cancellationToken)
    {
        var question = await db.Messages.AsNoTracking()
            .Where(m => m.Id == messageId && m.Role == MessageRole.User).Select(m => m.Content).SingleOrDefaultAsync(cancellationToken);
        var faq = await db.Faqs.AsNoTracking().Where(f => f.Id == faqId).Select(f => new { f.Question, f.Alternates }).SingleOrDefaultAsync(cancellationToken);
        var text = question?.Trim() ?? "";
        var key = PhrasingKey.Of(text);
        if (faq is null || key.Length == 0 || text.Length > FaqInputRules.MaxQuestionLength
            || faq.Alternates.Append(faq.Question).Any(known => PhrasingKey.Of(known) == key)
            || (await rules.CheckAsync(text, cancellationToken)).Flagged)
        {
            return null;
        }

        var mine = await db.FaqSuggestions.SingleOrDefaultAsync(s => s.FaqId == faqId && s.Key == key && s.ConfirmedById == confirmedById, cancellationToken);
        if (mine is not null)
        {
            return mine;
        }

        // A phrasing moderators rejected stays rejected, whoever confirms it next.
        var rejected = await db.FaqSuggestions.AnyAsync(s => s.FaqId == faqId && s.Key == key && s.Status == SuggestionStatus.Rejected, cancellationToken);
        var suggestion = new FaqSuggestion
        {
            FaqId = faqId,
            Text = text,
            Key = key,
            Source = source,
            MessageId = messageId,
            ConfirmedById = confirmedById,
            Status = rejected ? SuggestionStatus.Rejected : SuggestionStatus.Pending,
            CreatedAt = time.GetUtcNow(),
        };
        db.FaqSuggestions.Add(suggestion);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same user confirmed it twice at once: the other request stored it.
            db.Entry(suggestion).State = EntityState.Detached;
            return await db.FaqSuggestions.SingleAsync(s => s.FaqId == faqId && s.Key == key && s.ConfirmedById == confirmedById, cancellationToken);
        }

        if (!rejected && options.Value.AutoApproveAfterUsers > 0
            && await db.FaqSuggestions.CountAsync(s => s.FaqId == faqId && s.Key == key && s.Status == SuggestionStatus.Pending, cancellationToken)
               >= options.Value.AutoApproveAfterUsers)
        {
            await ApproveAsync([suggestion.Id], reviewerId: null, cancellationToken);
        }

        return suggestion;
    }

    /// <summary>Whether both exist: the FAQ, and a user's message with that id.</summary>
    public async Task<bool> ExistsAsync(int faqId, Guid messageId, CancellationToken cancellationToken) =>
        await db.Faqs.AnyAsync(f => f.Id == faqId, cancellationToken)
        && await db.Messages.AnyAsync(m => m.Id == messageId && m.Role == MessageRole.User, cancellationToken);

    public async Task<SuggestionView> ViewAsync(long id, CancellationToken cancellationToken) =>
        await Views(db.FaqSuggestions.AsNoTracking().Where(s => s.Id == id)).SingleAsync(cancellationToken);

    /// <summary>Suggestions with the FAQ they are for and how many distinct users confirmed the same phrasing, oldest first.</summary>
    public async Task<(IReadOnlyList<SuggestionView> Items, int Total)> ListAsync(SuggestionStatus status, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.FaqSuggestions.AsNoTracking().Where(s => s.Status == status);
        var total = await query.CountAsync(cancellationToken);
        var items = await Views(query.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Skip((page - 1) * pageSize).Take(pageSize))
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    private IQueryable<SuggestionView> Views(IQueryable<FaqSuggestion> suggestions) => suggestions.Select(s => new SuggestionView(
        s.Id, s.FaqId, db.Faqs.Where(f => f.Id == s.FaqId).Select(f => f.Question).Single(), s.Text, s.Source, s.Status,
        db.FaqSuggestions.Count(o => o.FaqId == s.FaqId && o.Key == s.Key && o.Status == s.Status),
        s.MessageId, s.CreatedAt, s.ReviewedAt));

    /// <summary>
    /// Makes the chosen pending suggestions alternates of their FAQs, marked as learned, and approves every other
    /// user's suggestion of the same phrasing with them. Returns how many suggestions were approved.
    /// </summary>
    public async Task<Result<int>> ApproveAsync(IReadOnlyCollection<long> ids, Guid? reviewerId, CancellationToken cancellationToken)
    {
        var chosen = await PendingWithSamePhrasingAsync(ids, cancellationToken);
        var phrasings = chosen.GroupBy(s => s.FaqId)
            .ToDictionary(faq => faq.Key, faq => (IReadOnlyList<string>)faq.GroupBy(s => s.Key).Select(p => p.First().Text).ToList());
        var learned = await writer.LearnAsync(phrasings, reviewerId, cancellationToken);
        if (learned.Kind != ResultKind.Ok)
        {
            return learned;
        }

        return Result<int>.Ok(await ReviewAsync(chosen, SuggestionStatus.Approved, reviewerId, cancellationToken));
    }

    /// <summary>Rejects the chosen pending suggestions and every other user's suggestion of the same phrasing.</summary>
    public async Task<int> RejectAsync(IReadOnlyCollection<long> ids, Guid reviewerId, CancellationToken cancellationToken) =>
        await ReviewAsync(await PendingWithSamePhrasingAsync(ids, cancellationToken), SuggestionStatus.Rejected, reviewerId, cancellationToken);

    private async Task<List<FaqSuggestion>> PendingWithSamePhrasingAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var phrasings = await db.FaqSuggestions.Where(s => ids.Contains(s.Id) && s.Status == SuggestionStatus.Pending)
            .Select(s => new { s.FaqId, s.Key }).Distinct().ToListAsync(cancellationToken);
        var faqIds = phrasings.Select(p => p.FaqId).Distinct().ToList();
        var candidates = await db.FaqSuggestions
            .Where(s => faqIds.Contains(s.FaqId) && s.Status == SuggestionStatus.Pending).ToListAsync(cancellationToken);
        return candidates.Where(s => phrasings.Any(p => p.FaqId == s.FaqId && p.Key == s.Key)).ToList();
    }

    private async Task<int> ReviewAsync(List<FaqSuggestion> suggestions, SuggestionStatus status, Guid? reviewerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var suggestion in suggestions)
        {
            suggestion.Status = status;
            suggestion.ReviewedAt = now;
            suggestion.ReviewedById = reviewerId;
        }

        await db.SaveChangesAsync(cancellationToken);
        return suggestions.Count;
    }
}
