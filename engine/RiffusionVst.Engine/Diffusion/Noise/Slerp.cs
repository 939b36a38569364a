namespace RiffusionVst.Engine.Diffusion.Noise;

/// <summary>Spherical interpolation between two noise tensors, as riffusion blends the noise of two seeds.</summary>
public static class Slerp
{
    /// <summary>Above this |cos θ| the vectors are treated as parallel and blended linearly (sin θ would be ≈ 0).</summary>
    public const double ParallelThreshold = 0.9995;

    /// <summary>
    /// Writes slerp(α, a, b) into <paramref name="destination"/>: α = 0 gives a, α = 1 gives b;
    /// falls back to (1 − α)·a + α·b when |cos θ| &gt; 0.9995.
    /// </summary>
    public static void Interpolate(double alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        if (a.Length != b.Length || destination.Length != a.Length)
        {
            throw new ArgumentException(
                $"Slerp needs tensors of one size: a has {a.Length}, b has {b.Length}, destination has {destination.Length} elements.");
        }

        double dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            normA += (double)a[i] * a[i];
            normB += (double)b[i] * b[i];
        }

        double denominator = Math.Sqrt(normA) * Math.Sqrt(normB);
        double cos = denominator > 0 ? dot / denominator : 1.0;
        double weightA, weightB;
        if (Math.Abs(cos) > ParallelThreshold)
        {
            weightA = 1 - alpha;
            weightB = alpha;
        }
        else
        {
            double theta = Math.Acos(cos);
            double sinTheta = Math.Sin(theta);
            weightA = Math.Sin((1 - alpha) * theta) / sinTheta;
            weightB = Math.Sin(alpha * theta) / sinTheta;
        }

        for (int i = 0; i < a.Length; i++)
        {
            destination[i] = (float)(weightA * a[i] + weightB * b[i]);
        }
    }

    /// <summary>Returns slerp(α, a, b) as a new array.</summary>
    public static float[] Interpolate(double alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var result = new float[a.Length];
        Interpolate(alpha, a, b, result);
        return result;
    }
}
