using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChatBot.Core.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ChatBotDbContext>
{
    public ChatBotDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ChatBotDbContext>();
        DataExtensions.ConfigureDbContext(options);
        options.UseNpgsql("Host=localhost;Database=chatdb", npgsql => npgsql.UseVector());
        return new ChatBotDbContext(options.Options);
    }
}
