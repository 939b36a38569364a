namespace RiffusionVst.Engine.Loops.SeedPatterns;

/// <summary>Synthesises single drum hits from sines and seeded noise, so seed patterns need no sample files.</summary>
/// <remarks>The sounds only have to give the model clear, broadband onsets on the beat grid; img2img keeps their
/// timing and replaces their timbre. Everything is deterministic: the noise comes from a fixed-seed generator.</remarks>
public static class DrumSynth
{
    /// <summary>Renders one hit of <paramref name="voice"/> at <paramref name="sampleRate"/>, peak about <paramref name="velocity"/>.</summary>
    public static float[] Render(DrumVoice voice, int sampleRate, float velocity = 1f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        return voice switch
        {
            DrumVoice.Kick => Kick(sampleRate, velocity),
            DrumVoice.Snare => Snare(sampleRate, velocity),
            DrumVoice.ClosedHat => Hat(sampleRate, velocity, 0.045),
            DrumVoice.OpenHat => Hat(sampleRate, velocity, 0.25),
            _ => throw new ArgumentOutOfRangeException(nameof(voice), voice, "Unknown drum voice."),
        };
    }

    private static float[] Kick(int rate, float velocity)
    {
        var samples = new float[(int)(0.45 * rate)];
        double phase = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double t = (double)i / rate;
            // Pitch falls from 150 Hz to 48 Hz within ~60 ms: the classic analogue kick sweep.
            double frequency = 48 + (102 * Math.Exp(-t / 0.03));
            phase += 2 * Math.PI * frequency / rate;
            double body = Math.Sin(phase) * Math.Exp(-t / 0.16);
            double click = Math.Exp(-t / 0.002) * 0.5;
            samples[i] = (float)(velocity * Attack(t) * (body + click) / 1.5);
        }

        return samples;
    }

    private static float[] Snare(int rate, float velocity)
    {
        var samples = new float[(int)(0.3 * rate)];
        var noise = new NoiseSource(0x5A4E_0001);
        float highPassed = 0, previous = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double t = (double)i / rate;
            float white = noise.Next();
            highPassed = 0.9f * (highPassed + white - previous);
            previous = white;
            double tone = Math.Sin(2 * Math.PI * 185 * t) * Math.Exp(-t / 0.05);
            double rattle = highPassed * Math.Exp(-t / 0.07);
            samples[i] = (float)(velocity * Attack(t) * ((0.5 * tone) + (0.7 * rattle)));
        }

        return samples;
    }

    private static float[] Hat(int rate, float velocity, double decaySeconds)
    {
        var samples = new float[(int)((decaySeconds * 5) * rate)];
        var noise = new NoiseSource(decaySeconds > 0.1 ? 0x0A7E_0002u : 0x0C7E_0003u);
        float x1 = 0, y1 = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double t = (double)i / rate;
            // A steep first-order high-pass (cut-off around 7 kHz at 44.1 kHz) leaves only the sizzle.
            float x = noise.Next();
            float y = 0.35f * (y1 + x - x1);
            x1 = x;
            y1 = y;
            samples[i] = (float)(velocity * 0.6 * Attack(t) * y * Math.Exp(-t / decaySeconds));
        }

        return samples;
    }

    // A 1 ms fade-in keeps the onset sharp but free of a DC step.
    private static double Attack(double t) => Math.Min(1.0, t / 0.001);

    /// <summary>Deterministic uniform noise in [-1, 1) (xorshift32), the same on every platform.</summary>
    private struct NoiseSource(uint seed)
    {
        private uint _state = seed == 0 ? 1u : seed;

        public float Next()
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return (_state / 2147483648f) - 1f;
        }
    }
}
