using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace ChatBot.Core.Knowledge.Matching;

/// <summary>
/// A linear map learned from one knowledge base's own paraphrases (regularised linear discriminant analysis, FAQs as
/// classes): it stretches the directions in which different FAQs differ and shrinks those in which paraphrases of one
/// FAQ vary, so "same FAQ" and "different FAQ" separate better than with raw cosine.
/// </summary>
public sealed class LdaProjection
{
    private readonly float[] _mean;
    private readonly float[] _matrix;

    public LdaProjection(float[] mean, float[] matrix)
    {
        _mean = mean;
        _matrix = matrix;
    }

    public int Dimensions => _mean.Length;

    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>Row-major d x d: y = (x - mean) * M.</summary>
    public ReadOnlySpan<float> Matrix => _matrix;

    /// <param name="vectors">Text embeddings.</param>
    /// <param name="owners">The FAQ (class) of each vector.</param>
    public static LdaProjection Fit(IReadOnlyList<float[]> vectors, IReadOnlyList<int> owners, double shrinkage, double eigenPower)
    {
        var d = vectors[0].Length;
        var n = vectors.Count;
        var mean = new double[d];
        foreach (var vector in vectors)
        {
            for (var k = 0; k < d; k++)
            {
                mean[k] += vector[k];
            }
        }

        for (var k = 0; k < d; k++)
        {
            mean[k] /= n;
        }

        // Class means of the centred vectors.
        var classes = owners.Distinct().Order().Select((owner, index) => (owner, index)).ToDictionary(p => p.owner, p => p.index);
        var classMeans = new double[classes.Count, d];
        var counts = new int[classes.Count];
        for (var i = 0; i < n; i++)
        {
            var c = classes[owners[i]];
            counts[c]++;
            for (var k = 0; k < d; k++)
            {
                classMeans[c, k] += vectors[i][k] - mean[k];
            }
        }

        for (var c = 0; c < classes.Count; c++)
        {
            for (var k = 0; k < d; k++)
            {
                classMeans[c, k] /= counts[c];
            }
        }

        // Within-FAQ scatter, shrunk towards a scaled identity (6 paraphrases per FAQ cannot estimate it alone).
        var residuals = Matrix<double>.Build.Dense(n, d, (i, k) => vectors[i][k] - mean[k] - classMeans[classes[owners[i]], k]);
        var within = residuals.TransposeThisAndMultiply(residuals) / n;
        var ridge = shrinkage * within.Trace() / d;
        for (var k = 0; k < d; k++)
        {
            within[k, k] += ridge;
        }

        var whitening = InverseSquareRoot(within);
        var between = Matrix<double>.Build.DenseOfArray(classMeans) * whitening;
        var betweenScatter = between.TransposeThisAndMultiply(between) / classes.Count;
        var evd = betweenScatter.Evd(Symmetricity.Symmetric);
        var scale = Vector<double>.Build.Dense(d, k => Math.Pow(Math.Max(evd.EigenValues[k].Real, 1e-9), eigenPower));
        var projection = whitening * evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(scale);

        var matrix = new float[d * d];
        for (var a = 0; a < d; a++)
        {
            for (var k = 0; k < d; k++)
            {
                matrix[a * d + k] = (float)projection[a, k];
            }
        }

        return new LdaProjection(mean.Select(m => (float)m).ToArray(), matrix);
    }

    /// <summary>The projected vector, unit length.</summary>
    public float[] Transform(ReadOnlySpan<float> vector)
    {
        var d = Dimensions;
        var result = new float[d];
        for (var a = 0; a < d; a++)
        {
            var centred = vector[a] - _mean[a];
            if (centred != 0)
            {
                TensorPrimitives.MultiplyAdd(_matrix.AsSpan(a * d, d), centred, result, result);
            }
        }

        var norm = TensorPrimitives.Norm(result);
        if (norm > 0)
        {
            TensorPrimitives.Divide(result, norm, result);
        }

        return result;
    }

    private static Matrix<double> InverseSquareRoot(Matrix<double> symmetric)
    {
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var inverseRoots = Vector<double>.Build.Dense(symmetric.RowCount, k => 1 / Math.Sqrt(Math.Max(evd.EigenValues[k].Real, 1e-12)));
        return evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(inverseRoots) * evd.EigenVectors.Transpose();
    }
}
