using ChatBot.Core.Answering;
using ChatBot.Core.Knowledge;

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

    [Fact]
    public void Small_talk_gets_the_assistants_reply_when_the_best_faq_is_a_support_topic() =>
        Assert.True(SmallTalk.Intercepts("hello", Retrieved(confident: true, "How do I reset my password?", "I forgot my password")));

    [Fact]
    public void An_faq_that_is_small_talk_itself_answers_small_talk() =>
        Assert.False(SmallTalk.Intercepts("hello", Retrieved(confident: true, "How are you today?", "good evening")));

    [Fact]
    public void A_small_talk_faq_the_knowledge_base_is_not_confident_about_does_not_answer() =>
        Assert.True(SmallTalk.Intercepts("hello", Retrieved(confident: false, "How are you today?", "good evening")));

    [Fact]
    public void A_question_is_never_intercepted() =>
        Assert.False(SmallTalk.Intercepts("hi, how do I reset my password?", Retrieved(confident: false, "How do I reset my password?")));

    private static RetrievalResult Retrieved(bool confident, params string[] texts)
    {
        var faq = new FaqCandidate(1, texts[0], "An answer.", null, "en",
            [.. texts.Select((t, i) => new VariantMatch(i + 1, i, t, [], 0.9))]);
        return new RetrievalResult([new RankedFaq(faq, 0.9, 0.9, 0)], confident, 0.5);
    }
}
