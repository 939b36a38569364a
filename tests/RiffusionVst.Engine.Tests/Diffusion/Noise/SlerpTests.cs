using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Tests.Diffusion.Noise;

public class SlerpTests
{
    [Fact]
    public void Endpoints_are_the_inputs()
    {
        float[] a = GaussianNoise.Create(1, 256);
        float[] b = GaussianNoise.Create(2, 256);
        float[] at0 = Slerp.Interpolate(0, a, b);
        float[] at1 = Slerp.Interpolate(1, a, b);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], at0[i], 5);
            Assert.Equal(b[i], at1[i], 5);
        }
    }

    [Fact]
    public void Orthogonal_unit_vectors_stay_on_the_unit_circle()
    {
        // a = e1, b = e2: θ = π/2, so slerp(α) = (cos(απ/2), sin(απ/2)) exactly; lerp would shrink the norm to √0.5 at α = 0.5.
        float[] a = [1, 0];
        float[] b = [0, 1];
        foreach (double alpha in new[] { 0.25, 0.5, 0.8 })
        {
            float[] r = Slerp.Interpolate(alpha, a, b);
            Assert.Equal(Math.Cos(alpha * Math.PI / 2), r[0], 6);
            Assert.Equal(Math.Sin(alpha * Math.PI / 2), r[1], 6);
        }
    }

    [Fact]
    public void Noise_halfway_keeps_the_norm_of_its_endpoints()
    {
        // Two independent Gaussian vectors are nearly orthogonal with nearly equal norms, so slerp keeps
        // the norm (≈ √n) while lerp at 0.5 would give ≈ √(n/2).
        float[] a = GaussianNoise.Create(10, 4096);
        float[] b = GaussianNoise.Create(11, 4096);
        float[] mid = Slerp.Interpolate(0.5, a, b);
        double norm = Math.Sqrt(mid.Sum(v => (double)v * v));
        double normA = Math.Sqrt(a.Sum(v => (double)v * v));
        Assert.InRange(norm / normA, 0.95, 1.05);
    }

    [Fact]
    public void Nearly_parallel_inputs_fall_back_to_lerp()
    {
        // cos θ between (1, 0) and (1, 0.01) is 1/√1.0001 ≈ 0.99995 > 0.9995, so the result is the plain lerp.
        float[] a = [1, 0];
        float[] b = [1, 0.01f];
        float[] r = Slerp.Interpolate(0.3, a, b);
        Assert.Equal(1.0, r[0], 6);
        Assert.Equal(0.3 * 0.01, r[1], 6);

        // Antiparallel also counts as parallel (|cos θ| = 1): lerp passes through zero at 0.5.
        float[] z = Slerp.Interpolate(0.5, [2f, 0f], [-2f, 0f]);
        Assert.Equal(0.0, z[0], 6);
    }

    [Fact]
    public void Different_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Slerp.Interpolate(0.5, new float[3], new float[4]));
    }
}
