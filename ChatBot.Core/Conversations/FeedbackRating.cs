namespace ChatBot.Core.Conversations;

public enum FeedbackRating
{
    Up,
    Down,
}
