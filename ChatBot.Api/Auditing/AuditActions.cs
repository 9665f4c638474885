namespace ChatBot.Api.Auditing;

/// <summary>Names of audited events (the <c>action</c> column).</summary>
public static class AuditActions
{
    public const string Register = "auth.register";
    public const string Login = "auth.login";
    public const string Lockout = "auth.lockout";
    public const string Refresh = "auth.refresh";
    public const string RefreshReuse = "auth.refresh_reuse";
    public const string Logout = "auth.logout";
    public const string PasswordChange = "auth.password_change";
    public const string PasswordResetRequest = "auth.password_reset_request";
    public const string PasswordReset = "auth.password_reset";
    public const string SessionRevoke = "auth.session_revoke";
    public const string ProfileUpdate = "user.profile_update";
    public const string RoleChange = "admin.role_change";
    public const string Disable = "admin.disable";
    public const string Enable = "admin.enable";
    public const string ConsentChange = "privacy.consent_change";
    public const string ExportRequest = "privacy.export_request";
    public const string ExportDownload = "privacy.export_download";
    public const string Erasure = "privacy.erasure";
    public const string ErasureRefused = "privacy.erasure_refused";
    public const string ConversationReview = "moderation.conversation_review";
}
