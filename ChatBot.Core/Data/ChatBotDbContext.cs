using ChatBot.Core.Analytics;
using ChatBot.Core.Auditing;
using ChatBot.Core.Conversations;
using ChatBot.Core.Identity;
using ChatBot.Core.Knowledge;
using ChatBot.Core.Learning;
using ChatBot.Core.Moderation;
using ChatBot.Core.Notifications;
using ChatBot.Core.Privacy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Core.Data;

public sealed class ChatBotDbContext(DbContextOptions<ChatBotDbContext> options)
    : IdentityDbContext<User, Role, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<Faq> Faqs => Set<Faq>();

    public DbSet<FaqCategory> FaqCategories => Set<FaqCategory>();

    public DbSet<FaqVariant> FaqVariants => Set<FaqVariant>();

    public DbSet<FaqSuggestion> FaqSuggestions => Set<FaqSuggestion>();

    public DbSet<ModerationFlag> ModerationFlags => Set<ModerationFlag>();

    public DbSet<AnalyticsEvent> AnalyticsEvents => Set<AnalyticsEvent>();

    public DbSet<AuditLog> AuditLogs => Set<AuditLog>();

    public DbSet<ConsentRecord> ConsentRecords => Set<ConsentRecord>();

    public DbSet<OutboxEmail> OutboxEmails => Set<OutboxEmail>();

    public DbSet<FaqImport> FaqImports => Set<FaqImport>();

    public DbSet<DataExport> DataExports => Set<DataExport>();

    public DbSet<DataExportChunk> DataExportChunks => Set<DataExportChunk>();

    public DbSet<AnalyticsRollup> AnalyticsRollups => Set<AnalyticsRollup>();

    public DbSet<AnalyticsReport> AnalyticsReports => Set<AnalyticsReport>();

    /// <summary>ASP.NET Core Data Protection keys, shared by every Api replica (reset tokens, antiforgery).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("vector");
        // Trigram indexes make "contains" searches over titles and messages fast.
        builder.HasPostgresExtension("pg_trgm");
        builder.ApplyConfigurationsFromAssembly(typeof(ChatBotDbContext).Assembly);
    }
}
