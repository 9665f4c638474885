using ChatBot.Core;
using ChatBot.Core.Analytics;
using ChatBot.Core.Data;
using ChatBot.Core.Privacy;
using ChatBot.Worker.Knowledge;
using ChatBot.Worker.Privacy;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace ChatBot.Worker.Jobs;

public static class JobsExtensions
{
    public const string SchedulerName = "chatbot";

    /// <summary>
    /// Quartz.NET with its clustered job store in our PostgreSQL: every job runs once per schedule across Worker
    /// replicas, a Worker that dies has its jobs taken over, and each run is recorded (admins see the last result and
    /// failures). The work itself waits in our own tables (outbox mail, imports), written in the same transaction as
    /// the request that caused it; the jobs work through them.
    /// </summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<FaqImportProcessor>();
        builder.Services.AddScoped<RetentionService>();
        builder.Services.AddScoped<PersonalDataWriter>();
        builder.Services.AddScoped<DataExportProcessor>();
        builder.AddAnalytics();

        var jobs = builder.Configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        var retries = jobs.RetryAttempts == 0
            ? RetryPolicy.None
            : RetryPolicy.Exponential(jobs.RetryAttempts, TimeSpan.FromSeconds(jobs.FirstRetrySeconds), 2, TimeSpan.FromHours(6));
        builder.Services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                scheduler.GenerateInstanceId = true;
                scheduler.IdleWaitTime = TimeSpan.FromSeconds(jobs.IdleWaitSeconds);
            });
            quartz.UsePersistentStore(store => UseChatBotStore(store, builder.Configuration, jobs));

            Every(quartz, JobNames.SendEmails, TimeSpan.FromSeconds(jobs.EmailIntervalSeconds), "Sends the outbox mail").Add<SendEmailsJob>();
            Every(quartz, JobNames.ImportFaqs, TimeSpan.FromSeconds(jobs.ImportIntervalSeconds), "Writes queued FAQ imports").Add<ImportFaqsJob>();
            Every(quartz, JobNames.TrainAnswerModel, TimeSpan.FromSeconds(jobs.TrainingIntervalSeconds), "Trains the answer model after changes").Add<TrainAnswerModelJob>();
            Every(quartz, JobNames.ReembedFaqs, TimeSpan.FromMinutes(jobs.ReembedIntervalMinutes), "Re-embeds FAQs after an embedding model change", retries)
                .Add<ReembedFaqsJob>();
            Every(quartz, JobNames.FaqTextIndex, TimeSpan.FromSeconds(jobs.TextIndexIntervalSeconds), "Rebuilds the FAQ texts' vector index as the knowledge base grows", retries)
                .Add<FaqTextIndexJob>();
            Every(quartz, JobNames.ExportUserData, TimeSpan.FromSeconds(jobs.ExportIntervalSeconds), "Writes requested personal-data exports").Add<ExportUserDataJob>();
            Cron<RetentionJob>(quartz, JobNames.Retention, jobs.RetentionSchedule, "Deletes data past its retention period", retries);
            Cron<RollupAnalyticsJob>(quartz, JobNames.RollupAnalytics, jobs.AnalyticsRollupSchedule, "Stores the analytics counters of finished days", retries);
            Cron<WeeklyReportJob>(quartz, JobNames.WeeklyReport, jobs.WeeklyReportSchedule, "Writes the weekly analytics report and mails it to admins who opted in", retries);
        });
        // Every Worker start stores the triggers again (a changed schedule takes effect). The stored trigger hands over
        // its last fire: without that, a Worker starting in the second a job ran ran it again, and a cron fire missed
        // while no Worker ran (a deploy at 03:30) was lost until the next day.
        builder.Services.Configure<QuartzOptions>(quartz => quartz.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);
        builder.Services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return builder;
    }

    /// <summary>The job store every Worker shares (and the migrate command provisions).</summary>
    public static void UseChatBotStore(IPersistentStoreBuilder store, IConfiguration configuration, JobOptions jobs)
    {
        var connectionString = configuration.GetConnectionString(ConnectionNames.Database)
                               ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionNames.Database} is not set");
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        // Quartz keeps its own pool; its idle connections close like the Worker's other ones.
        store.UsePostgres(new NpgsqlConnectionStringBuilder(connectionString)
        {
            ConnectionIdleLifetime = database.ConnectionIdleLifetimeSeconds,
        }.ConnectionString);
        store.UseClustering(cluster =>
        {
            cluster.CheckinInterval = TimeSpan.FromSeconds(jobs.ClusterCheckinSeconds);
            cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(jobs.ClusterCheckinSeconds * 2);
        });
        // Quartz creates its own tables when they are missing (never alters or drops any).
        store.ProvisionSchema();
        store.UseExecutionHistory();
        // Triggers late by more than their own threshold wait for this pass (a minute by default): a stalled poller
        // resumes within seconds.
        store.ConfigureStore(options => options.MisfireHandlerFrequency = TimeSpan.FromSeconds(jobs.MisfireCheckSeconds));
    }

    private static void Cron<TJob>(IQuartzBuilder quartz, string name, string schedule, string description, RetryPolicy retries)
        where TJob : IJob
    {
        quartz.AddJob<TJob>(job => job.WithIdentity(name).StoreDurably().WithDescription(description));
        // A run that could not start on time (no Worker was up) runs once as soon as one is, not once per missed fire.
        quartz.AddTrigger(trigger => trigger.ForJob(name).WithIdentity(name).WithRetryPolicy(retries)
            .WithMisfireThreshold(TimeSpan.FromSeconds(1))
            .WithCronSchedule(schedule, cron => cron.InTimeZone(TimeZoneInfo.Utc)));
    }

    private static RecurringJob Every(IQuartzBuilder quartz, string name, TimeSpan interval, string description, RetryPolicy? retries = null) =>
        new(quartz, name, interval, description, retries ?? RetryPolicy.None);

    private sealed record RecurringJob(IQuartzBuilder Quartz, string Name, TimeSpan Interval, string Description, RetryPolicy Retries)
    {
        public void Add<TJob>() where TJob : IJob
        {
            Quartz.AddJob<TJob>(job => job.WithIdentity(Name).StoreDurably().WithDescription(Description));
            // A poll later than its interval is worth nothing: the next one is due. Late by more, it moves to its next
            // interval (a Worker back from a restart polls once, not once for every interval it missed).
            Quartz.AddTrigger(trigger => trigger.ForJob(Name).WithIdentity(Name).StartNow().WithRetryPolicy(Retries)
                .WithMisfireThreshold(Interval)
                .WithSimpleSchedule(schedule => schedule.WithInterval(Interval).RepeatForever()));
        }
    }
}
