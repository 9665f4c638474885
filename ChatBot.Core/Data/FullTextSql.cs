namespace ChatBot.Core.Data;

/// <summary>
/// SQL for the FAQ full-text document. A stored generated column may only call immutable functions, and
/// <c>array_to_string</c> is merely stable, so the document is built by our own functions declared immutable
/// (they only ever see text, so the declaration holds).
/// </summary>
public static class FullTextSql
{
    public const string FaqDocumentExpression = "chatbot_faq_document(language, question, alternates, tags, answer)";

    /// <summary>Maps a language tag to a PostgreSQL text search configuration; unknown languages get <c>simple</c>.</summary>
    public const string CreateFunctions = """
        CREATE OR REPLACE FUNCTION chatbot_ts_config(language text) RETURNS regconfig
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT CASE lower(split_part(coalesce(language, ''), '-', 1))
            WHEN 'en' THEN 'english' WHEN 'es' THEN 'spanish' WHEN 'de' THEN 'german'
            WHEN 'fr' THEN 'french' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese'
            WHEN 'nl' THEN 'dutch' WHEN 'sv' THEN 'swedish' WHEN 'da' THEN 'danish'
            WHEN 'fi' THEN 'finnish' WHEN 'no' THEN 'norwegian' WHEN 'nb' THEN 'norwegian'
            WHEN 'ru' THEN 'russian' WHEN 'tr' THEN 'turkish' WHEN 'hu' THEN 'hungarian'
            WHEN 'ro' THEN 'romanian'
            ELSE 'simple' END::regconfig
        $$;

        CREATE OR REPLACE FUNCTION chatbot_faq_document(
            language text, question text, alternates text[], tags text[], answer text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT setweight(to_tsvector(chatbot_ts_config(language), coalesce(question, '')), 'A')
              || setweight(to_tsvector(chatbot_ts_config(language), coalesce(array_to_string(alternates, ' '), '')), 'A')
              || setweight(to_tsvector(chatbot_ts_config(language), coalesce(array_to_string(tags, ' '), '')), 'B')
              || setweight(to_tsvector(chatbot_ts_config(language), coalesce(answer, '')), 'C')
        $$;
        """;

    public const string DropFunctions = """
        DROP FUNCTION IF EXISTS chatbot_faq_document(text, text, text[], text[], text);
        DROP FUNCTION IF EXISTS chatbot_ts_config(text);
        """;
}
