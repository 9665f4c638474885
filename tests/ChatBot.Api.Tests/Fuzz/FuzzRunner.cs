using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatBot.Api.Infrastructure;
using ChatBot.Api.Tests.Infrastructure;

namespace ChatBot.Api.Tests.Fuzz;

/// <summary>What the server answered to one fuzz request, and which rule the answer broke (if any).</summary>
public sealed record FuzzOutcome(FuzzRequest Request, int Status, string? Violation, string Body, string? MediaType = null)
{
    /// <summary>
    /// Why the answer breaks the OpenAPI document, or null. A request with another method, or answered 405 (its URL, say
    /// with an empty id, routes elsewhere), did not reach the operation.
    /// </summary>
    public string? Undeclared => Status is 0 or 405 || Request.Operation is not { } operation || operation.Method != Request.Method
        ? null
        : operation.Undeclared(Status, MediaType, Body.Length > 0);

    public override string ToString() =>
        $"{Request.Summary}\n    -> {(Status == 0 ? "no response" : Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {Violation ?? "ok"}; body: {HostileValues.Printable(Body.Trim(), 300)}";
}

/// <summary>
/// Sends one caller's fuzz requests in order over real HTTP, each with a deadline, and checks every answer: no 5xx,
/// no hang, every 4xx with a body is Problem Details whose status matches. A signed-in caller whose session a request
/// ended (logout, a changed security stamp) signs in again, so the rest of its requests still reach the handlers.
/// </summary>
public sealed class FuzzRunner(ChatBotApiFactory api)
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private const int MaxBodyBytes = 64 * 1024;

    public async Task<List<FuzzOutcome>> RunAsync(TestUser? identity, IReadOnlyList<FuzzRequest> requests)
    {
        using var client = api.CreateClient();
        client.Timeout = RequestTimeout;
        var outcomes = new List<FuzzOutcome>(requests.Count);
        foreach (var request in requests)
        {
            var outcome = await SendAsync(client, request, identity?.AccessToken);
            outcomes.Add(outcome);
            if (identity is not null && outcome.Status == (int)HttpStatusCode.Unauthorized && request.Authorization is null)
            {
                await RestoreSessionAsync(client, identity, request, outcomes);
            }
        }

        return outcomes;
    }

    private static async Task<FuzzOutcome> SendAsync(HttpClient client, FuzzRequest request, string? accessToken)
    {
        using var deadline = new CancellationTokenSource(RequestTimeout);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Url, UriKind.Relative));
        message.Headers.TryAddWithoutValidation("Accept", request.Accept ?? "application/json");
        var authorization = request.Authorization ?? (accessToken is null ? null : $"Bearer {accessToken}");
        if (authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (request.Body is not null)
        {
            // The server may answer without reading a large body and then close the connection rather than drain it:
            // such a request gets a connection of its own, so the next one does not meet a closed socket.
            message.Headers.ConnectionClose = request.Body.Length > MaxBodyBytes;
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        var status = 0;
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            status = (int)response.StatusCode;
            var body = await ReadCappedAsync(response, deadline.Token);
            return new FuzzOutcome(request, status, Violation(status, response.Content.Headers.ContentType, body), body, response.Content.Headers.ContentType?.MediaType);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            return new FuzzOutcome(request, status, $"no complete answer within {RequestTimeout.TotalSeconds:0} s", "");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // Refusing to read a body over the limit, the server may reset the connection before the client has
            // finished sending: the client sees no response. Nothing was processed, which is right.
            var refusedOversizedBody = status == 0 && request.Body?.Length > HttpHardeningExtensions.DefaultMaxRequestBodyBytes;
            return new FuzzOutcome(request, status, refusedOversizedBody ? null
                : status == 0 ? $"connection failed: {e.Message} {e.InnerException?.Message}"
                : $"the answer broke off after its headers: {e.Message}", "");
        }
    }

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>: an endless stream still ends the request.</summary>
    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>The rules every answer keeps, whatever was sent: null when the answer is fine.</summary>
    public static string? Violation(int status, MediaTypeHeaderValue? contentType, string body)
    {
        if (status >= 500)
        {
            return "server error";
        }

        if (status is < 400 or >= 500 || body.Length == 0)
        {
            return null;
        }

        if (contentType?.MediaType != "application/problem+json")
        {
            return $"a {status} with a {contentType?.MediaType ?? "untyped"} body, not application/problem+json";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.ValueKind == JsonValueKind.Object
                   && problem.RootElement.TryGetProperty("status", out var problemStatus)
                   && problemStatus.ValueKind == JsonValueKind.Number
                   && problemStatus.GetInt32() == status
                ? null
                : $"Problem Details whose status is not {status}";
        }
        catch (JsonException e)
        {
            return $"application/problem+json that is not JSON ({e.Message})";
        }
    }

    /// <summary>After a 401, checks the caller's token; if a request ended the session, signs in again (a finding if that fails).</summary>
    private static async Task RestoreSessionAsync(HttpClient client, TestUser identity, FuzzRequest cause, List<FuzzOutcome> outcomes)
    {
        using var check = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        check.Headers.Authorization = new AuthenticationHeaderValue("Bearer", identity.AccessToken);
        using (var me = await client.SendAsync(check))
        {
            if (me.StatusCode != HttpStatusCode.Unauthorized)
            {
                return;
            }
        }

        using var login = await client.LoginRawAsync(identity.Email, identity.Password);
        var body = await login.Content.ReadAsStringAsync();
        if (login.StatusCode == HttpStatusCode.OK)
        {
            identity.AccessToken = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
            return;
        }

        outcomes.Add(new FuzzOutcome(cause with { Mutation = $"{cause.Mutation}; then signing in again" }, (int)login.StatusCode,
            "the caller could not sign in again after this request", body));
    }
}
