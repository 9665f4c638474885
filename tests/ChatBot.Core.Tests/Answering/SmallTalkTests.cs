using ChatBot.Core.Answering;

namespace ChatBot.Core.Tests.Answering;

public sealed class SmallTalkTests
{
    [Theory]
    [InlineData("Hello, how can you help me?")]
    [InlineData("hi")]
    [InlineData("Hey there!")]
    [InlineData("thanks a lot")]
    [InlineData("Thank you!")]
    [InlineData("what can you do?")]
    [InlineData("goodbye")]
    public void Pure_small_talk_is_recognised(string message) => Assert.True(SmallTalk.IsSmallTalk(message));

    [Theory]
    [InlineData("hi, how do I reset my password?")]
    [InlineData("thanks, but where is my parcel?")]
    [InlineData("How can you help me get a refund?")]
    [InlineData("my card was declined")]
    public void Questions_with_a_greeting_are_still_questions(string message) => Assert.False(SmallTalk.IsSmallTalk(message));
}
