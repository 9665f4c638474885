namespace ChatBot.Api.Tests.Infrastructure;

/// <summary>Waits for something that happens in the background (an exported span, a recorded metric).</summary>
public static class Eventually
{
    public static Task<T> GetAsync<T>(Func<T?> probe, string what, TimeSpan? timeout = null) where T : class =>
        GetAsync(probe, () => what, timeout);

    /// <param name="describe">Says what was awaited and what was seen instead; asked only when the wait fails.</param>
    public static async Task<T> GetAsync<T>(Func<T?> probe, Func<string> describe, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {describe()}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        await GetAsync(() => condition() ? "" : null, what, timeout);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}");
            }

            await Task.Delay(100);
        }
    }
}
