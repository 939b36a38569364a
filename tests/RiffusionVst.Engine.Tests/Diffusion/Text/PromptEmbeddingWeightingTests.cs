using RiffusionVst.Engine.Diffusion.Text;

namespace RiffusionVst.Engine.Tests.Diffusion.Text;

public class PromptEmbeddingWeightingTests
{
    [Fact]
    public void Rows_are_scaled_and_the_mean_is_restored()
    {
        // Three tokens × two dimensions. Sum before = 1+2+3+4+5+6 = 21.
        float[] e = [1, 2, 3, 4, 5, 6];
        float[] w = [1, 2, 0.5f];
        PromptEmbeddingWeighting.Apply(e, w, 2);

        // Weighted rows: [1,2], [6,8], [2.5,3] with sum 22.5; scale 21/22.5 restores the mean.
        double s = 21.0 / 22.5;
        double[] expected = [1 * s, 2 * s, 6 * s, 8 * s, 2.5 * s, 3 * s];
        for (int i = 0; i < e.Length; i++)
        {
            Assert.Equal(expected[i], e[i], 5);
        }

        Assert.Equal(21.0 / 6, e.Average(), 5);
    }

    [Fact]
    public void Unit_weights_leave_the_embeddings_unchanged()
    {
        float[] e = [0.25f, -3, 7, 1.5f];
        float[] copy = (float[])e.Clone();
        PromptEmbeddingWeighting.Apply(e, [1f, 1f], 2);
        Assert.Equal(copy, e);
    }

    [Fact]
    public void Mismatched_sizes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => PromptEmbeddingWeighting.Apply(new float[6], new float[2], 2));
    }
}
