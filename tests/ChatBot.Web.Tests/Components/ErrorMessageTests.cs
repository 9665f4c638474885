using Bunit;
using ChatBot.Web.Api;
using ChatBot.Web.Components.Shared;

namespace ChatBot.Web.Tests.Components;

/// <summary>Every Api failure reaches the user as a sentence, never as a status code or a stack trace.</summary>
public sealed class ErrorMessageTests : BunitContext
{
    private string Show(ApiError error) => Render<ErrorMessage>(p => p.Add(c => c.Error, error)).Find("[role=alert]").TextContent;

    [Fact]
    public void Too_many_requests_says_how_long_to_wait() =>
        Assert.Equal("Too many requests. Please wait 30 seconds and try again.", Show(new ApiError(429, "Too Many Requests", null, RetryAfter: TimeSpan.FromSeconds(30))));

    [Fact]
    public void A_refused_message_gives_the_reason_and_its_category() =>
        Assert.Equal("Your message was not sent: Please don't share card numbers in the chat. (pii.card_number)",
            Show(new ApiError(422, "Message refused", "Please don't share card numbers in the chat.", Category: "pii.card_number")));

    [Fact]
    public void A_message_too_long_uses_the_apis_explanation() =>
        Assert.Equal("The message is longer than 4000 characters.", Show(new ApiError(413, "Message too long", "The message is longer than 4000 characters.")));

    [Fact]
    public void A_locked_account_says_when_to_try_again() =>
        Assert.Equal("Too many failed sign-ins. Try again in 15 minutes, or reset your password.",
            Show(new ApiError(423, "Account locked", null, RetryAfter: TimeSpan.FromMinutes(14.5))));

    [Fact]
    public void An_unreachable_api_is_a_banner_worthy_sentence_not_an_exception() =>
        Assert.Equal("The service cannot be reached right now. Please try again in a moment.", Show(ApiError.Unreachable));

    [Fact]
    public void Validation_problems_list_their_messages() =>
        Assert.Equal("Use 'up' or 'down'.", Show(new ApiError(400, "Invalid", null, new Dictionary<string, string[]> { ["rating"] = ["Use 'up' or 'down'."] })));
}
