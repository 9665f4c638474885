using System.Text.RegularExpressions;
using ChatBot.Core.Knowledge;

namespace ChatBot.Core.Answering;

/// <summary>
/// Greetings, thanks, goodbyes and "what can you do?": not questions for the knowledge base. Only messages that are
/// nothing but small talk count ("hi, how do I reset my password?" is a question).
/// </summary>
public static partial class SmallTalk
{
    public static bool IsSmallTalk(string message) => Pattern().IsMatch(message.Trim());

    /// <summary>
    /// Small talk gets the assistant's own reply, unless the knowledge base answers it itself: its confident match is
    /// an FAQ with small talk among its texts (a "greeting" entry, or a greeting a moderator confirmed for it).
    /// </summary>
    public static bool Intercepts(string message, RetrievalResult retrieval) =>
        IsSmallTalk(message) && !(retrieval.Best is { } best && best.Faq.Variants.Any(v => IsSmallTalk(v.Text)));

    public static string Reply(string? language) => (language ?? "en").Split('-')[0].ToLowerInvariant() switch
    {
        "es" => "¡Hola! Soy el asistente de soporte. Pregúntame lo que necesites sobre nuestros servicios; si no lo sé, te pongo en contacto con una persona.",
        "de" => "Hallo! Ich bin der Support-Assistent. Frag mich alles zu unseren Diensten; wenn ich es nicht weiß, verbinde ich dich mit einem Menschen.",
        "fr" => "Bonjour ! Je suis l'assistant du support. Posez-moi vos questions sur nos services ; si je ne sais pas, je vous mets en relation avec une personne.",
        "pt" => "Olá! Sou o assistente de suporte. Pergunte o que precisar sobre os nossos serviços; se eu não souber, coloco você em contato com uma pessoa.",
        _ => "Hi! I'm the support assistant. Ask me anything about our services and I'll answer from our help articles; if I don't know, I can put you in touch with a person.",
    };

    [GeneratedRegex(@"^(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|greetings|hola|bonjour|hallo|ol[aá])(?: there)?[\s,.!]*)?(?:(?:how (?:can|could) you help(?: me)?|what can you (?:do|help with)(?: for me)?|who are you|what are you)[\s?.!]*|(?:thanks?(?: you)?(?: so much| a lot)?|thank you|cheers|bye|goodbye|see you)[\s,.!]*)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
