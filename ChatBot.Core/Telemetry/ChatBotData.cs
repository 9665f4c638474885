using Microsoft.Extensions.Compliance.Classification;

namespace ChatBot.Core.Telemetry;

/// <summary>
/// How sensitive a logged value is. Log parameters carry one of these attributes; the service defaults erase every
/// classified value before a log provider (console, OTLP) sees it, so emails, addresses, tokens and what users wrote
/// never reach the logs.
/// </summary>
public static class ChatBotData
{
    public const string TaxonomyName = "ChatBot";

    /// <summary>Identifies a person: email, user name, IP address.</summary>
    public static DataClassification Personal { get; } = new(TaxonomyName, nameof(Personal));

    /// <summary>Grants access: tokens, reset codes, keys.</summary>
    public static DataClassification Secret { get; } = new(TaxonomyName, nameof(Secret));

    /// <summary>What a user wrote: chat messages, feedback comments.</summary>
    public static DataClassification UserContent { get; } = new(TaxonomyName, nameof(UserContent));
}

public sealed class PersonalDataAttribute() : DataClassificationAttribute(ChatBotData.Personal);

public sealed class SecretDataAttribute() : DataClassificationAttribute(ChatBotData.Secret);

public sealed class UserContentAttribute() : DataClassificationAttribute(ChatBotData.UserContent);
