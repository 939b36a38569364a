using RiffusionVst.Engine.Diffusion.Schedulers;

namespace RiffusionVst.Engine.Tests.Diffusion.Schedulers;

/// <summary>The property every deterministic scheduler shares: fed the exact noise as the model output, it walks a noised sample back to the clean one.</summary>
internal static class ExactNoiseRecovery
{
    /// <summary>Noises <paramref name="clean"/> at the first timestep, steps through every timestep with <paramref name="noise"/> as ε, and checks the result.</summary>
    /// <returns>The noised starting sample, for schedulers whose tests check it too.</returns>
    public static float[] AssertRecovers(IScheduler scheduler, float[] clean, float[] noise)
    {
        float[] x = new float[clean.Length];
        scheduler.AddNoise(clean, noise, scheduler.Timesteps[0], x);
        float[] start = (float[])x.Clone();
        foreach (int t in scheduler.Timesteps)
        {
            scheduler.Step(noise, t, x);
        }

        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(clean[i], x[i], 4);
        }

        return start;
    }
}
