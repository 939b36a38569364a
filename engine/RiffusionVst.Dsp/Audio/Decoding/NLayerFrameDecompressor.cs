using NAudio.Wave;
using NLayer;

namespace RiffusionVst.Dsp.Audio.Decoding;

/// <summary>NAudio's MP3 frame decompressor backed by NLayer's managed decoder (NAudio's own needs Windows' ACM): float output, both channels.</summary>
internal sealed class NLayerFrameDecompressor : IMp3FrameDecompressor
{
    private readonly MpegFrameDecoder _decoder = new() { StereoMode = StereoMode.Both };
    private readonly NLayerFrame _frame = new();

    /// <summary>Decodes frames of the stream that <paramref name="mp3Format"/> describes (rate and channels of its first frame).</summary>
    public NLayerFrameDecompressor(WaveFormat mp3Format)
    {
        ArgumentNullException.ThrowIfNull(mp3Format);
        OutputFormat = WaveFormat.CreateIeeeFloatWaveFormat(mp3Format.SampleRate, mp3Format.Channels);
    }

    /// <summary>32-bit float at the stream's rate and channel count.</summary>
    public WaveFormat OutputFormat { get; }

    /// <summary>Decodes one frame into <paramref name="dest"/> from <paramref name="destOffset"/>; returns the bytes written.</summary>
    public int DecompressFrame(Mp3Frame frame, byte[] dest, int destOffset)
    {
        _frame.Wrap(frame);
        return _decoder.DecodeFrame(_frame, dest, destOffset);
    }

    /// <summary>Forgets the bit reservoir and filter history after a seek.</summary>
    public void Reset() => _decoder.Reset();

    /// <summary>Nothing to release: the decoder holds only managed buffers.</summary>
    public void Dispose()
    {
    }
}
