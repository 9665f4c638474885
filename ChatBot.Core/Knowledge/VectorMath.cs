namespace ChatBot.Core.Knowledge;

public static class VectorMath
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    /// <summary>Mean of the vectors scaled to unit length (the direction they share).</summary>
    public static float[] NormalizedMean(IEnumerable<float[]> vectors)
    {
        float[]? sum = null;
        foreach (var vector in vectors)
        {
            sum ??= new float[vector.Length];
            System.Numerics.Tensors.TensorPrimitives.Add(sum, vector, sum);
        }

        if (sum is null)
        {
            return [];
        }

        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(sum);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(sum, norm, sum);
        }

        return sum;
    }
}
