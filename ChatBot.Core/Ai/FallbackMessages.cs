namespace ChatBot.Core.Ai;

/// <summary>What the bot says when the knowledge base does not cover a question, in the user's language when we have it.</summary>
public static class FallbackMessages
{
    private static readonly Dictionary<string, string> ByLanguage = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "I don't know that yet: I couldn't find it in our help articles. Try rephrasing your question, or ask for a person and a support agent will follow up.",
        ["es"] = "Todavía no lo sé: no lo encontré en nuestros artículos de ayuda. Prueba a reformular la pregunta o pide hablar con una persona y un agente de soporte te responderá.",
        ["de"] = "Das weiß ich noch nicht: Ich habe es in unseren Hilfeartikeln nicht gefunden. Formuliere die Frage anders oder bitte um eine Person, dann meldet sich ein Support-Mitarbeiter.",
        ["fr"] = "Je ne le sais pas encore : je ne l'ai pas trouvé dans nos articles d'aide. Reformulez votre question ou demandez à parler à une personne, un agent du support vous répondra.",
        ["pt"] = "Ainda não sei isso: não encontrei nos nossos artigos de ajuda. Tente reformular a pergunta ou peça para falar com uma pessoa e um agente de suporte responderá.",
        ["it"] = "Non lo so ancora: non l'ho trovato nei nostri articoli di aiuto. Prova a riformulare la domanda o chiedi di parlare con una persona e un operatore ti risponderà.",
    };

    public static string For(string? language)
    {
        var primary = (language ?? "en").Split('-')[0];
        return ByLanguage.TryGetValue(primary, out var message) ? message : ByLanguage["en"];
    }
}
