namespace RiffusionVst.Plugin.Core.Playback;

/// <summary>
/// One rendered loop: stereo PCM with the tempo and rate it was made for. Immutable once built,
/// so the audio thread can read it while other threads hold it; build it off the audio thread.
/// </summary>
public sealed class LoopBuffer
{
    /// <summary>Copies the samples into a new loop; <paramref name="right"/> may be empty for mono.</summary>
    public LoopBuffer(ReadOnlySpan<float> left, ReadOnlySpan<float> right, int bars, int beatsPerBar, double bpm, double sampleRate)
    {
        if (left.IsEmpty)
            throw new ArgumentException("A loop needs at least one sample; the engine sent an empty clip.", nameof(left));
        if (!right.IsEmpty && right.Length != left.Length)
            throw new ArgumentException($"Left has {left.Length} samples and right {right.Length}; both channels must be equally long.", nameof(right));
        if (bars <= 0 || beatsPerBar <= 0)
            throw new ArgumentOutOfRangeException(nameof(bars), $"Bars ({bars}) and beats per bar ({beatsPerBar}) must be positive.");
        if (!(bpm > 0) || !(sampleRate > 0))
            throw new ArgumentOutOfRangeException(nameof(bpm), $"Tempo ({bpm}) and sample rate ({sampleRate}) must be positive.");
        Left = left.ToArray();
        Right = right.IsEmpty ? Left : right.ToArray();
        Bars = bars;
        BeatsPerBar = beatsPerBar;
        Bpm = bpm;
        SampleRate = sampleRate;
    }

    /// <summary>Left channel (the same array as <see cref="Right"/> for mono loops); never modify.</summary>
    internal float[] Left { get; }

    /// <summary>Right channel; never modify.</summary>
    internal float[] Right { get; }

    /// <summary>Length in samples per channel.</summary>
    public int Length => Left.Length;

    /// <summary>Bars the loop spans.</summary>
    public int Bars { get; }

    /// <summary>Beats in one bar.</summary>
    public int BeatsPerBar { get; }

    /// <summary>Tempo the loop was rendered for.</summary>
    public double Bpm { get; }

    /// <summary>Sample rate the loop was rendered for.</summary>
    public double SampleRate { get; }

    /// <summary>A read-only view of the left channel.</summary>
    public ReadOnlySpan<float> LeftSamples => Left;

    /// <summary>A read-only view of the right channel.</summary>
    public ReadOnlySpan<float> RightSamples => Right;

    /// <summary>
    /// Reads the sample at loop position <paramref name="position"/> of a host loop
    /// <paramref name="hostLength"/> samples long. When the lengths agree this is a plain index;
    /// otherwise (tempo or rate changed, retimed loop not here yet) the loop is read at the ratio
    /// with linear interpolation, so it stays locked to the bars at a slightly shifted pitch.
    /// </summary>
    internal void Read(long position, long hostLength, out float left, out float right)
    {
        float[] l = Left, r = Right;
        int n = l.Length;
        if (hostLength == n)
        {
            int i = (int)position;
            left = l[i];
            right = r[i];
            return;
        }
        double at = position * (double)n / hostLength;
        int i0 = (int)at;
        if (i0 >= n)
            i0 = n - 1;
        int i1 = i0 + 1 == n ? 0 : i0 + 1;
        float f = (float)(at - i0);
        left = l[i0] + f * (l[i1] - l[i0]);
        right = r[i0] + f * (r[i1] - r[i0]);
    }
}
