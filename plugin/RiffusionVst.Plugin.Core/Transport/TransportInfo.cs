namespace RiffusionVst.Plugin.Core.Transport;

/// <summary>What the host says about its transport at the first sample of a block.</summary>
/// <param name="Bpm">Tempo in beats per minute; 0 or less when the host gives none.</param>
/// <param name="IsPlaying">Whether the transport runs.</param>
/// <param name="ProjectSample">Project position of the block's first sample, in samples; bar 1 starts at 0.</param>
/// <param name="PpqPosition">Musical position in quarter notes, or NaN when the host gives none; preferred when present.</param>
/// <param name="IsOffline">Whether the host renders offline (a bounce, faster than real time): the processor then waits for the loops a project carried instead of playing silence.</param>
public readonly record struct TransportInfo(double Bpm, bool IsPlaying, long ProjectSample, double PpqPosition = double.NaN, bool IsOffline = false)
{
    /// <summary>A stopped transport at the project start.</summary>
    public static TransportInfo Stopped(double bpm) => new(bpm, false, 0);

    /// <summary>
    /// The block's first sample on the loop grid: from PPQ when the host gives it (so tempo
    /// automation keeps beats and loop aligned), otherwise the project sample. The processor uses
    /// its own musical clock instead of the project sample, so tempo changes stay on the bar lines.
    /// </summary>
    public long GridSample(double sampleRate)
    {
        if (double.IsFinite(PpqPosition) && Bpm > 0 && sampleRate > 0)
            return (long)Math.Round(PpqPosition * 60.0 / Bpm * sampleRate, MidpointRounding.AwayFromZero);
        return ProjectSample;
    }
}
