using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Benchmarks;

/// <summary>A 5.11 s synthetic two-bar beat (kick, snare, hats, pad, bass at 93.75 BPM) and its 512-column mel "image".</summary>
/// <remarks>The mel is passed through riffusion's 8-bit image mapping (p = 255 − 255·(S/max)^0.25, truncated, back to
/// amplitude × 30e6) so the target carries the same quantisation as a real spectrogram image.</remarks>
internal static class SyntheticBeat
{
    /// <summary>511·441 samples at 44.1 kHz: 512 linear frames.</summary>
    public static float[] Audio()
    {
        const int sampleRate = 44_100;
        const int samples = 511 * 441;
        const double beat = 0.64;
        var random = new Random(7);
        var x = new float[samples];
        for (int i = 0; i < samples; i++)
        {
            double t = (double)i / sampleRate;
            double inBeat = t % beat;
            double inHalf = t % (beat / 2);
            int index = (int)(t / beat);
            double kick = Math.Exp(-inBeat * 18) * Math.Sin(2 * Math.PI * (50 * inBeat + 2 * (1 - Math.Exp(-inBeat * 30))));
            double snare = index % 2 == 1 ? Math.Exp(-inBeat * 25) * (random.NextDouble() * 2 - 1) * 0.5 : 0;
            double hat = Math.Exp(-inHalf * 60) * (random.NextDouble() * 2 - 1) * 0.15;
            double[] chord = index / 2 % 2 == 0 ? [220.0, 261.63, 329.63] : [174.61, 220.0, 261.63];
            double pad = 0;
            foreach (double f in chord)
            {
                for (int h = 1; h <= 6; h++)
                {
                    pad += 0.08 / h * Math.Sin(2 * Math.PI * f * h * t + h);
                }
            }

            double bass = 0.3 * Math.Sin(Math.PI * chord[0] * t) * Math.Exp(-inHalf * 3);
            x[i] = (float)(0.8 * kick + snare + hat + pad + bass);
        }

        return x;
    }

    /// <summary>The beat's mel spectrogram after the 8-bit image round trip (512 bands × 512 columns).</summary>
    public static MelSpectrogram Mel(SpectrogramConverter converter, bool periodic = false)
    {
        float[] audio = Audio();
        if (periodic)
        {
            Array.Resize(ref audio, 512 * 441);
        }

        MelSpectrogram mel = converter.AudioToMel(audio, periodic);
        float max = mel.Data.Max();
        for (int i = 0; i < mel.Data.Length; i++)
        {
            int pixel = (int)(255 - 255 * Math.Pow(mel.Data[i] / max, 0.25));
            mel.Data[i] = (float)(Math.Pow((255 - pixel) / 255.0, 4) * 30e6);
        }

        return mel;
    }
}
