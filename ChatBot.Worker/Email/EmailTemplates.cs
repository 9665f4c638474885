using System.Net;
using ChatBot.Core.Notifications;

namespace ChatBot.Worker.Email;

/// <summary>
/// The product's mails, in plain text and HTML, in English, Spanish, German and French (English for other languages).
/// Values from the outbox are HTML-encoded in the HTML part.
/// </summary>
public static class EmailTemplates
{
    private sealed record Wording(string Subject, string Greeting, string[] Paragraphs, string Action, string? CodeLabel, string Footer);

    public static RenderedEmail Render(string kind, string? language, IReadOnlyDictionary<string, string> data)
    {
        var words = Words(kind, BaseLanguage(language));
        var name = data.GetValueOrDefault(EmailKinds.Keys.UserName, "");
        var link = data.GetValueOrDefault(EmailKinds.Keys.Link, "");
        var code = data.GetValueOrDefault(EmailKinds.Keys.Code);
        var summary = data.GetValueOrDefault(EmailKinds.Keys.Summary);
        var greeting = string.Format(System.Globalization.CultureInfo.InvariantCulture, words.Greeting, name);

        var text = new System.Text.StringBuilder();
        text.AppendLine(greeting).AppendLine();
        foreach (var paragraph in words.Paragraphs)
        {
            text.AppendLine(paragraph).AppendLine();
        }

        if (summary is not null)
        {
            text.AppendLine(summary).AppendLine();
        }

        text.Append(words.Action).Append(": ").AppendLine(link).AppendLine();
        if (code is not null && words.CodeLabel is not null)
        {
            text.Append(words.CodeLabel).Append(": ").AppendLine(code).AppendLine();
        }

        text.AppendLine("-- ").AppendLine(words.Footer);

        var html = new System.Text.StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family: sans-serif; line-height: 1.5; color: #1b1f24;\">");
        html.Append("<p>").Append(WebUtility.HtmlEncode(greeting)).Append("</p>");
        foreach (var paragraph in words.Paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        if (summary is not null)
        {
            html.Append("<p><strong>").Append(WebUtility.HtmlEncode(summary)).Append("</strong></p>");
        }

        html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\" style=\"background:#0b5cad;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none;\">")
            .Append(WebUtility.HtmlEncode(words.Action)).Append("</a></p>");
        if (code is not null && words.CodeLabel is not null)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(words.CodeLabel)).Append(":<br><code style=\"word-break: break-all;\">")
                .Append(WebUtility.HtmlEncode(code)).Append("</code></p>");
        }

        html.Append("<p style=\"color:#57606a;font-size:90%;\">").Append(WebUtility.HtmlEncode(words.Footer)).Append("</p></body></html>");
        return new RenderedEmail(words.Subject, text.ToString(), html.ToString());
    }

    /// <summary><c>pt-BR</c> becomes <c>pt</c>: templates exist per language, not per region.</summary>
    private static string BaseLanguage(string? language) =>
        (language ?? "en").Split('-')[0].ToLowerInvariant();

    private static Wording Words(string kind, string language) => (kind, language) switch
    {
        (EmailKinds.PasswordReset, "es") => new("Restablece tu contraseña de ChatBot", "Hola {0}:",
            ["Alguien pidió restablecer la contraseña de tu cuenta de ChatBot.", "El enlace funciona durante una hora. Si no fuiste tú, ignora este correo: tu contraseña no cambia."],
            "Elegir una contraseña nueva", "Código de restablecimiento", "ChatBot, asistencia"),
        (EmailKinds.PasswordReset, "de") => new("Setzen Sie Ihr ChatBot-Passwort zurück", "Hallo {0},",
            ["Jemand hat angefordert, das Passwort Ihres ChatBot-Kontos zurückzusetzen.", "Der Link gilt eine Stunde. Wenn Sie das nicht waren, ignorieren Sie diese E-Mail; Ihr Passwort bleibt unverändert."],
            "Neues Passwort wählen", "Code zum Zurücksetzen", "ChatBot Support"),
        (EmailKinds.PasswordReset, "fr") => new("Réinitialisez votre mot de passe ChatBot", "Bonjour {0},",
            ["Quelqu'un a demandé la réinitialisation du mot de passe de votre compte ChatBot.", "Le lien est valable une heure. Si ce n'était pas vous, ignorez ce message : votre mot de passe ne change pas."],
            "Choisir un nouveau mot de passe", "Code de réinitialisation", "Assistance ChatBot"),
        (EmailKinds.PasswordReset, _) => new("Reset your ChatBot password", "Hello {0},",
            ["Someone asked to reset the password of your ChatBot account.", "The link works for an hour. If it was not you, ignore this email; your password stays as it is."],
            "Choose a new password", "Reset code", "ChatBot support"),
        (EmailKinds.Welcome, "es") => new("Bienvenido a ChatBot", "Hola {0}:",
            ["Tu cuenta de ChatBot está lista. Pregunta lo que necesites sobre pedidos, envíos, devoluciones o tu cuenta; cada respuesta cita el artículo de ayuda del que viene."],
            "Abrir el chat", null, "ChatBot, asistencia"),
        (EmailKinds.Welcome, "de") => new("Willkommen bei ChatBot", "Hallo {0},",
            ["Ihr ChatBot-Konto ist bereit. Fragen Sie zu Bestellungen, Lieferung, Rücksendungen oder Ihrem Konto; jede Antwort nennt den Hilfeartikel, aus dem sie stammt."],
            "Chat öffnen", null, "ChatBot Support"),
        (EmailKinds.Welcome, "fr") => new("Bienvenue sur ChatBot", "Bonjour {0},",
            ["Votre compte ChatBot est prêt. Posez vos questions sur les commandes, la livraison, les retours ou votre compte ; chaque réponse cite l'article d'aide dont elle vient."],
            "Ouvrir le chat", null, "Assistance ChatBot"),
        (EmailKinds.Welcome, _) => new("Welcome to ChatBot", "Hello {0},",
            ["Your ChatBot account is ready. Ask about orders, delivery, returns or your account; every answer cites the help article it comes from."],
            "Open the chat", null, "ChatBot support"),
        (EmailKinds.AnalyticsReport, "es") => new("Informe semanal de ChatBot", "Hola {0}:",
            ["El informe de analítica de la semana pasada está listo: conversaciones, latencia, satisfacción y las preguntas sin respuesta."],
            "Ver los informes", null, "ChatBot, asistencia"),
        (EmailKinds.AnalyticsReport, "de") => new("ChatBot-Wochenbericht", "Hallo {0},",
            ["Der Analysebericht der letzten Woche ist fertig: Gespräche, Antwortzeiten, Zufriedenheit und unbeantwortete Fragen."],
            "Berichte ansehen", null, "ChatBot Support"),
        (EmailKinds.AnalyticsReport, "fr") => new("Rapport hebdomadaire ChatBot", "Bonjour {0},",
            ["Le rapport d'analyse de la semaine dernière est prêt : conversations, temps de réponse, satisfaction et questions sans réponse."],
            "Voir les rapports", null, "Assistance ChatBot"),
        (EmailKinds.AnalyticsReport, _) => new("Your ChatBot weekly report", "Hello {0},",
            ["Last week's analytics report is ready: conversations, answer times, satisfaction and the questions the bot could not answer."],
            "See the reports", null, "ChatBot support"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No template for this kind of mail."),
    };
}
