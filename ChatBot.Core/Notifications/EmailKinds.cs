namespace ChatBot.Core.Notifications;

/// <summary>The mails the product sends (the Worker has a template for each) and the data each template fills in.</summary>
public static class EmailKinds
{
    public const string Welcome = "welcome";
    public const string PasswordReset = "password_reset";
    public const string AnalyticsReport = "analytics_report";

    public static class Keys
    {
        public const string UserName = "user_name";
        public const string Link = "link";

        /// <summary>A short paragraph of figures (the weekly report's headline numbers).</summary>
        public const string Summary = "summary";

        /// <summary>A secret: never kept after the mail is sent or given up (so is the link, which carries it).</summary>
        public const string Code = "code";
    }
}
