using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using ChatBot.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatBot.Api.Tests.Fuzz;

/// <summary>
/// Every operation in the Api's own OpenAPI document, sent plausible and then hostile input as an anonymous caller, a
/// user and an admin: a few thousand requests, planned from one fixed seed so a failure replays exactly.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class OpenApiFuzzTests(FuzzFixture fixture, ITestOutputHelper output)
{
    /// <summary>Issue #14. <c>CHATBOT_FUZZ_SEED</c> plans another run; <c>CHATBOT_FUZZ_LOG</c> names a file for every request and answer.</summary>
    private const int DefaultSeed = 14;

    /// <summary>Mutations per operation and caller, besides the plausible request.</summary>
    private const int MutationsPerOperation = 24;

    [Fact]
    public async Task Hostile_input_to_every_documented_operation_gets_a_declared_4xx_problem_or_success_and_never_a_5xx_or_a_hang()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CHATBOT_FUZZ_SEED"), CultureInfo.InvariantCulture, out var chosen) ? chosen : DefaultSeed;
        using var anonymous = fixture.Api.CreateClient();
        anonymous.Timeout = FuzzRunner.RequestTimeout;
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var operations = OpenApiOperation.Read(document.RootElement);
        Assert.True(operations.Count >= 40, $"The OpenAPI document lists only {operations.Count} operations.");

        var planner = new FuzzPlanner(new Random(seed), operations);
        var identities = new Dictionary<Caller, TestUser?> { [Caller.Anonymous] = null, [Caller.User] = fixture.User, [Caller.Admin] = fixture.Admin };
        var plans = identities.Keys.ToDictionary(caller => caller, caller => operations
            .SelectMany(operation => planner.Plan(operation, caller, fixture.Targets[caller], MutationsPerOperation).Select(r => r with { Operation = operation }))
            .ToList());

        // One lane per caller, in parallel; each lane in plan order, so a caller's state changes replay the same way.
        var clock = Stopwatch.StartNew();
        var runner = new FuzzRunner(fixture.Api);
        var lanes = await Task.WhenAll(plans.Select(plan => runner.RunAsync(identities[plan.Key], plan.Value)));
        clock.Stop();
        var outcomes = lanes.SelectMany(lane => lane).ToList();

        output.WriteLine($"seed {seed}: {outcomes.Count} requests to {operations.Count} operations in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine("statuses: " + string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        if (Environment.GetEnvironmentVariable("CHATBOT_FUZZ_LOG") is { Length: > 0 } log)
        {
            // Every request and answer, not only the offending ones, for exploring a seed.
            await File.WriteAllLinesAsync(log, outcomes.Select(o => o.ToString()));
        }

        var offending = outcomes.Where(o => o.Violation is not null).ToList();
        // The contract: a client generated from the document must know every status (and body type) it can meet.
        var undeclared = outcomes.Where(o => o.Violation is null && o.Undeclared is not null)
            .GroupBy(o => $"{o.Request.Operation}: {o.Undeclared}")
            .Select(g => $"  {g.Key} ({g.Count()}×), e.g. {HostileValues.Printable(g.First().Request.Summary, 160)}")
            .ToList();
        var healthProblems = await HealthProblemsAsync();

        if (offending.Count > 0 || healthProblems.Count > 0)
        {
            Assert.Fail($"{offending.Count} of {outcomes.Count} fuzz requests (seed {seed}) were answered wrongly:\n"
                        + string.Join('\n', offending.Select(o => "  " + o))
                        + (healthProblems.Count == 0 ? "" : "\nAfterwards the server was unwell:\n  " + string.Join("\n  ", healthProblems)));
        }

        Assert.True(undeclared.Count == 0, $"Answers the OpenAPI document does not declare:\n{string.Join('\n', undeclared)}");
    }

    /// <summary>After the run: health is 200, and a new account can register and sign in as usual.</summary>
    private async Task<List<string>> HealthProblemsAsync()
    {
        var problems = new List<string>();
        using var client = fixture.Api.CreateClient();
        client.Timeout = FuzzRunner.RequestTimeout;
        using (var health = await client.GetAsync("/health"))
        {
            if (health.StatusCode != HttpStatusCode.OK)
            {
                problems.Add($"GET /health -> {(int)health.StatusCode}: {HostileValues.Printable(await health.Content.ReadAsStringAsync(), 300)}");
            }
        }

        var user = await client.RegisterAsync();
        using var login = await client.LoginRawAsync(user.Email, user.Password);
        if (login.StatusCode != HttpStatusCode.OK)
        {
            problems.Add($"POST /api/v1/auth/login (a new account) -> {(int)login.StatusCode}: {HostileValues.Printable(await login.Content.ReadAsStringAsync(), 300)}");
        }

        return problems;
    }
}
