using ChatBot.DevServers;

namespace ChatBot.Eval.Tests;

/// <summary>
/// A regression guard on answer quality: the evaluation tool on a public dev split (banking77-oos: 1,740 queries, with
/// both uncovered banking questions and off-topic ones), through the product's real import, search and decision code.
/// The floors are the targets for this split (0.80 accuracy at 0.50 out-of-scope recall); the recorded figures
/// in docs/answer-quality.md sit just above them. The pipeline is deterministic, so a failure means a real regression.
/// </summary>
public sealed class AnswerQualityTests
{
    [Fact]
    public async Task Banking77_oos_dev_split_stays_above_the_recorded_quality()
    {
        var dataset = Path.Combine(RepositoryPaths.EvalData, "banking77-oos");
        var output = Directory.CreateTempSubdirectory("chatbot-eval-");
        using var log = new StringWriter();

        var metrics = await Evaluation.RunAsync(
            new EvalArguments(dataset, "dev", Path.Combine(output.FullName, "predictions.json"), null, null), log);

        Assert.True(metrics.InScopeAccuracy >= 0.80, $"in-scope accuracy {metrics.InScopeAccuracy}\n{log}");
        Assert.True(metrics.OosRecall >= 0.50, $"out-of-scope recall {metrics.OosRecall}\n{log}");
        Assert.True(metrics.FalseFallbackRate <= 0.06, $"false fallback {metrics.FalseFallbackRate}\n{log}");
        Assert.Equal(1740, File.ReadAllText(Path.Combine(output.FullName, "predictions.json")).Split(',').Length);
    }

    /// <summary>
    /// Issue #16: ten confirmed user questions per FAQ, learned through the product's suggestion and approval path, lift
    /// banking77-oos from 0.834 to about 0.88 and keep out-of-scope recall at the target (recorded in
    /// docs/answer-quality.md): the K = 10 floors for this split.
    /// </summary>
    [Fact]
    public async Task Banking77_oos_dev_split_reaches_the_targets_after_learning_ten_confirmed_questions_per_faq()
    {
        var dataset = Path.Combine(RepositoryPaths.EvalData, "banking77-oos");
        var output = Directory.CreateTempSubdirectory("chatbot-eval-");
        using var log = new StringWriter();

        var metrics = await Evaluation.RunAsync(
            new EvalArguments(dataset, "dev", Path.Combine(output.FullName, "predictions.json"), null, null,
                Path.Combine(dataset, "feedback_queries.json"), FeedbackPerFaq: 10), log);

        Assert.True(metrics.InScopeAccuracy >= 0.85, $"in-scope accuracy {metrics.InScopeAccuracy}\n{log}");
        Assert.True(metrics.OosRecall >= 0.50, $"out-of-scope recall {metrics.OosRecall}\n{log}");
        Assert.Contains("Learned from feedback: 500 confirmed questions", log.ToString(), StringComparison.Ordinal);
    }
}
