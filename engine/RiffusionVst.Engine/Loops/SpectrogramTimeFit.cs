using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Loops;

/// <summary>Stretches a looped spectrogram along time to a new number of columns, treating it as periodic.</summary>
/// <remarks>Tempo changes need no new diffusion: the model's native grid is resampled column-wise, so beat
/// positions scale exactly with the frame count and pitch is untouched. Stretching interpolates linearly between
/// neighbouring columns; shrinking averages each target column's span so no transient falls between samples.</remarks>
public static class SpectrogramTimeFit
{
    /// <summary>Returns a spectrogram of <paramref name="frames"/> columns covering the same period as <paramref name="source"/>.</summary>
    public static MelSpectrogram Fit(MelSpectrogram source, int frames)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        if (source.Frames == 0)
        {
            throw new ArgumentException("Cannot fit an empty spectrogram to a loop length.", nameof(source));
        }

        if (frames == source.Frames)
        {
            return new MelSpectrogram(source.Bands, frames, (float[])source.Data.Clone());
        }

        var result = new MelSpectrogram(source.Bands, frames);
        double ratio = (double)source.Frames / frames;
        if (ratio <= 1)
        {
            Stretch(source, result, ratio);
        }
        else
        {
            Shrink(source, result, ratio);
        }

        return result;
    }

    private static void Stretch(MelSpectrogram source, MelSpectrogram result, double ratio)
    {
        int n = source.Frames;
        for (int j = 0; j < result.Frames; j++)
        {
            // Frame j of the target is centred at time j·hop; in source frames that is j·ratio.
            double position = j * ratio;
            int i0 = (int)Math.Floor(position);
            float w1 = (float)(position - i0);
            var a = source.Frame(i0 % n);
            var b = source.Frame((i0 + 1) % n);
            var dest = result.Frame(j);
            for (int band = 0; band < dest.Length; band++)
            {
                dest[band] = a[band] + (w1 * (b[band] - a[band]));
            }
        }
    }

    private static void Shrink(MelSpectrogram source, MelSpectrogram result, double ratio)
    {
        int n = source.Frames;
        for (int j = 0; j < result.Frames; j++)
        {
            // Average over the span [j·ratio − ratio/2, j·ratio + ratio/2) of source frames, weighting partial frames.
            double start = (j * ratio) - (ratio / 2) + 0.5;
            double end = start + ratio;
            var dest = result.Frame(j);
            double total = 0;
            for (int i = (int)Math.Floor(start); i < end; i++)
            {
                double weight = Math.Min(end, i + 1) - Math.Max(start, i);
                if (weight <= 0)
                {
                    continue;
                }

                var column = source.Frame(((i % n) + n) % n);
                float w = (float)weight;
                for (int band = 0; band < dest.Length; band++)
                {
                    dest[band] += w * column[band];
                }

                total += weight;
            }

            float scale = (float)(1 / total);
            for (int band = 0; band < dest.Length; band++)
            {
                dest[band] *= scale;
            }
        }
    }
}
