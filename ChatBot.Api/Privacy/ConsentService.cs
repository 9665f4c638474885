using ChatBot.Api.Auditing;
using ChatBot.Api.Auth;
using ChatBot.Core.Analytics;
using ChatBot.Core.Data;
using ChatBot.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Api.Privacy;

/// <summary>
/// The three consents and their history. Every change is a history row (with where it came from) and an audit event;
/// withdrawing data-processing consent also unlinks the user's past usage events (see docs/privacy.md).
/// </summary>
public sealed class ConsentService(ChatBotDbContext db, AuditTrail audit, TimeProvider time)
{
    public const string Gdpr = "gdpr";
    public const string DataProcessing = "data_processing";
    public const string Marketing = "marketing";

    public async Task<ConsentResponse?> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? null : await DescribeAsync(user, cancellationToken);
    }

    public async Task<ConsentResponse?> ReplaceAsync(Guid userId, ConsentRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var changes = Apply(user, request.GdprConsent, request.DataProcessingConsent, request.MarketingConsent, client);
        user.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await AfterSavedAsync(user.Id, changes, cancellationToken);
        return await DescribeAsync(user, cancellationToken);
    }

    /// <summary>
    /// Sets the requested consents on a tracked user and queues a history row for each change (saved with the user).
    /// Pass what it returns to <see cref="AfterSavedAsync"/> once saved.
    /// </summary>
    public ConsentChanges Apply(User user, bool? gdpr, bool? dataProcessing, bool? marketing, ClientInfo client)
    {
        var now = time.GetUtcNow();
        var changes = new List<ConsentChange>();
        if (gdpr is { } g && g != user.GdprConsent)
        {
            user.GdprConsent = g;
            user.GdprConsentAt = now;
            Record(user.Id, Gdpr, g, client, now, changes);
        }

        var withdrew = false;
        if (dataProcessing is { } d && d != user.DataProcessingConsent)
        {
            user.DataProcessingConsent = d;
            user.DataProcessingConsentAt = now;
            withdrew = !d;
            Record(user.Id, DataProcessing, d, client, now, changes);
        }

        if (marketing is { } m && m != user.MarketingConsent)
        {
            user.MarketingConsent = m;
            user.MarketingConsentAt = now;
            Record(user.Id, Marketing, m, client, now, changes);
        }

        return new ConsentChanges(changes, withdrew);
    }

    /// <summary>Audits the saved changes and, after a withdrawal, unlinks the user's usage events.</summary>
    public async Task AfterSavedAsync(Guid userId, ConsentChanges changes, CancellationToken cancellationToken)
    {
        if (changes.WithdrewDataProcessing)
        {
            await db.UnlinkUsageAsync(userId, cancellationToken);
        }

        if (changes.Changes.Count > 0)
        {
            await audit.RecordAsync(AuditActions.ConsentChange, succeeded: true, userId, new { changes = changes.Changes }, cancellationToken: cancellationToken);
        }
    }

    private void Record(Guid userId, string type, bool granted, ClientInfo client, DateTimeOffset now, List<ConsentChange> changes)
    {
        db.ConsentRecords.Add(ConsentHistory.Entry(userId, type, granted, client, now));
        changes.Add(new ConsentChange(type, granted));
    }

    private async Task<ConsentResponse> DescribeAsync(User user, CancellationToken cancellationToken) => new(
        user.GdprConsent,
        user.GdprConsentAt,
        user.DataProcessingConsent,
        user.DataProcessingConsentAt,
        user.MarketingConsent,
        user.MarketingConsentAt,
        await db.ConsentRecords.AsNoTracking().Where(c => c.UserId == user.Id).OrderByDescending(c => c.Id).Take(100)
            .Select(c => new ConsentHistoryEntry(c.ConsentType, c.Granted, c.RecordedAt)).ToListAsync(cancellationToken));
}

public sealed record ConsentChange(string Type, bool Granted);

public sealed record ConsentChanges(IReadOnlyList<ConsentChange> Changes, bool WithdrewDataProcessing);
