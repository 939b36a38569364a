using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Phase;
using RiffusionVst.Dsp.Spectrogram.Quality;

namespace RiffusionVst.Dsp.Tests.Spectrogram;

public class SpectrogramConverterTests
{
    private static readonly SpectrogramParameters P = SmallSignals.Parameters;

    [Fact]
    public void Mel_round_trip_of_a_chord_keeps_lengths_and_sounds_like_the_target()
    {
        var converter = new SpectrogramConverter(P, threads: 2);
        float[] chord = SmallSignals.Chord(64 * 30);
        var mel = converter.AudioToMel(chord);
        Assert.Equal(31, mel.Frames);
        Assert.Equal(P.MelBands, mel.Bands);
        float[] audio = converter.MelToAudio(mel);
        Assert.Equal(30 * 64, audio.Length);
        double sc = MelSpectralConvergence.Measure(audio, mel, P);
        Assert.True(sc < -15, $"SC {sc:F1} dB");
    }

    [Fact]
    public void Periodic_round_trip_gives_one_period_of_frames_times_hop()
    {
        var converter = new SpectrogramConverter(P, threads: 2);
        var mel = converter.AudioToMel(SmallSignals.Chord(64 * 16), periodic: true);
        Assert.Equal(16, mel.Frames);
        float[] audio = converter.MelToAudio(mel, PhaseReconstructionOptions.Default with { Periodic = true });
        Assert.Equal(16 * 64, audio.Length);
        double sc = MelSpectralConvergence.Measure(audio, mel, P, periodic: true);
        Assert.True(sc < -15, $"SC {sc:F1} dB");
    }

    [Fact]
    public void Half_length_frames_score_within_a_decibel_of_full_frames()
    {
        var converter = new SpectrogramConverter(P, threads: 2);
        var mel = converter.AudioToMel(SmallSignals.Chord(64 * 30));
        double half = MelSpectralConvergence.Measure(converter.MelToAudio(mel, PhaseReconstructionOptions.Default with { HalfLengthFrames = true }), mel, P);
        double full = MelSpectralConvergence.Measure(converter.MelToAudio(mel, PhaseReconstructionOptions.Default with { HalfLengthFrames = false }), mel, P);
        Assert.True(half < full + 1, $"half-length {half:F1} dB, full {full:F1} dB");
    }

    [Fact]
    public void Half_length_frames_are_refused_when_the_frame_would_be_shorter_than_two_windows()
    {
        var converter = new SpectrogramConverter(P with { PaddedMs = 48 }, threads: 1);
        var mel = converter.AudioToMel(SmallSignals.Chord(64 * 8));
        var error = Assert.Throws<InvalidOperationException>(() => converter.MelToAudio(mel));
        Assert.Contains("twice the window", error.Message);
    }
}
