namespace ChatBot.Core.Notifications;

/// <summary>The mails the product sends (the Worker has a template for each) and the data each template fills in.</summary>
public static class EmailKinds
{
    public const string Welcome = "welcome";
    public const string PasswordReset = "password_reset";

    public static class Keys
    {
        public const string UserName = "user_name";
        public const string Link = "link";

        /// <summary>A secret: never kept after the mail is sent.</summary>
        public const string Code = "code";
    }
}
