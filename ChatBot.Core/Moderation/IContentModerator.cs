namespace ChatBot.Core.Moderation;

public interface IContentModerator
{
    Task<ModerationVerdict> CheckAsync(string text, CancellationToken cancellationToken);
}
