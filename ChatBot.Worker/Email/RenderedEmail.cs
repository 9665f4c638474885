namespace ChatBot.Worker.Email;

/// <summary>A mail ready to send: subject, plain text and HTML.</summary>
public sealed record RenderedEmail(string Subject, string Text, string Html);
