namespace ChatBot.Worker.Jobs;

/// <summary>The scheduled jobs, by the names the admin jobs page shows.</summary>
public static class JobNames
{
    public const string SendEmails = "send-emails";
    public const string ImportFaqs = "import-faqs";
    public const string TrainAnswerModel = "train-answer-model";
    public const string ReembedFaqs = "reembed-faqs";
    public const string FaqTextIndex = "faq-text-index";
    public const string Retention = "retention";
    public const string ExportUserData = "export-user-data";
    public const string RollupAnalytics = "rollup-analytics";
    public const string WeeklyReport = "weekly-report";
}
