using RiffusionVst.Dsp.Audio;

namespace RiffusionVst.Engine.Loops.SeedPatterns;

/// <summary>Renders a seed pattern to a seamless loop of audio on a given tempo grid (by default Riffusion's native one).</summary>
public static class SeedPatternRenderer
{
    /// <summary>Renders <paramref name="bars"/> bars of <paramref name="pattern"/>; bar 1 starts at sample 0 and hit tails wrap to the start.</summary>
    public static AudioClip Render(SeedPattern pattern, int bars, int beatsPerBar = 4, double bpm = LoopSpec.NativeBpm, int sampleRate = 44_100)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var spec = new LoopSpec(bpm, bars, beatsPerBar, sampleRate);
        var loop = new float[spec.LengthSamples];
        double samplesPerBeat = 60.0 / bpm * sampleRate;
        var cache = new Dictionary<DrumVoice, float[]>();
        for (int bar = 0; bar < bars; bar++)
        {
            foreach (var hit in pattern.HitsForBar(beatsPerBar))
            {
                if (!cache.TryGetValue(hit.Voice, out var sound))
                {
                    sound = DrumSynth.Render(hit.Voice, sampleRate);
                    cache[hit.Voice] = sound;
                }

                long start = (long)Math.Round(((bar * beatsPerBar) + hit.Beat) * samplesPerBeat);
                for (int i = 0; i < sound.Length; i++)
                {
                    loop[(start + i) % loop.Length] += hit.Velocity * sound[i];
                }
            }
        }

        float peak = loop.Length == 0 ? 0 : loop.Max(MathF.Abs);
        if (peak > 0)
        {
            float gain = 0.9f / peak;
            for (int i = 0; i < loop.Length; i++)
            {
                loop[i] *= gain;
            }
        }

        return new AudioClip(sampleRate, loop);
    }
}
