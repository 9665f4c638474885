using ChatBot.Core.Ai;
using Microsoft.Extensions.AI;

namespace ChatBot.Api.Chat;

/// <summary>
/// Names a conversation after its first exchange: a language model writes a short title when one is configured;
/// the local provider (or a failing model) uses the first question, shortened at a word boundary.
/// </summary>
public sealed class ConversationTitles(IChatClient chat, AiModels models, ILogger<ConversationTitles> logger)
{
    private const int MaxLength = 60;

    public async Task<string> SuggestAsync(string firstQuestion, CancellationToken cancellationToken)
    {
        if (!models.Chat.IsLocal)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                var response = await chat.GetResponseAsync(
                    [
                        new ChatMessage(ChatRole.System, "Write a title of at most six words for a support conversation that starts with the user's message. Reply with the title only, no quotes."),
                        new ChatMessage(ChatRole.User, firstQuestion),
                    ], new ChatOptions { ModelId = models.Chat.Model, MaxOutputTokens = 20 }, timeout.Token);
                var title = response.Text.Trim().Trim('"', '\'', '.').Trim();
                if (title.Length > 0)
                {
                    return Shorten(title);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Title generation failed; using the first question");
            }
        }

        return Shorten(firstQuestion);
    }

    public static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        if (line.Length <= MaxLength)
        {
            return line;
        }

        var cut = line.LastIndexOf(' ', MaxLength - 1);
        return (cut > 20 ? line[..cut] : line[..(MaxLength - 1)]).TrimEnd(',', '.', ';', ':') + "…";
    }
}
