using NAudio.Wave;
using NLayer;

namespace RiffusionVst.Dsp.Audio.Decoding;

/// <summary>One MPEG audio frame that NAudio's <see cref="Mp3FileReaderBase"/> found, seen the way NLayer's decoder reads frames.</summary>
/// <remarks>NAudio parses the stream (ID3 tags, the Xing/Info frame, frame sync and lengths); NLayer only needs the header
/// fields and the frame's bits after the header and the optional CRC. NLayer.NAudioSupport does this job, but no NAudio 3
/// build of it is served here, so this small bridge takes its place.</remarks>
internal sealed class NLayerFrame : IMpegFrame
{
    private const int HeaderBytes = 4;
    private const int CrcBytes = 2;

    private Mp3Frame _frame = null!;
    private byte[] _data = [];
    private int _bitPosition;

    /// <summary>Points the view at the next frame and rewinds its bit reader.</summary>
    public void Wrap(Mp3Frame frame)
    {
        _frame = frame;
        _data = frame.RawData ?? throw new InvalidDataException("NAudio handed over an MPEG frame without its data.");
        Reset();
    }

    public int SampleRate => _frame.SampleRate;

    // Bits 11–10 of the 32-bit header (third byte, bits 3–2); NAudio keeps only the rate they stand for.
    public int SampleRateIndex => (_data[2] >> 2) & 0x3;

    public int FrameLength => _frame.FrameLength;

    public int BitRate => _frame.BitRate;

    public NLayer.MpegVersion Version => _frame.MpegVersion switch
    {
        NAudio.Wave.MpegVersion.Version1 => NLayer.MpegVersion.Version1,
        NAudio.Wave.MpegVersion.Version2 => NLayer.MpegVersion.Version2,
        NAudio.Wave.MpegVersion.Version25 => NLayer.MpegVersion.Version25,
        _ => NLayer.MpegVersion.Unknown,
    };

    public NLayer.MpegLayer Layer => _frame.MpegLayer switch
    {
        NAudio.Wave.MpegLayer.Layer1 => NLayer.MpegLayer.LayerI,
        NAudio.Wave.MpegLayer.Layer2 => NLayer.MpegLayer.LayerII,
        NAudio.Wave.MpegLayer.Layer3 => NLayer.MpegLayer.LayerIII,
        _ => NLayer.MpegLayer.Unknown,
    };

    public MpegChannelMode ChannelMode => _frame.ChannelMode switch
    {
        NAudio.Wave.ChannelMode.Stereo => MpegChannelMode.Stereo,
        NAudio.Wave.ChannelMode.JointStereo => MpegChannelMode.JointStereo,
        NAudio.Wave.ChannelMode.DualChannel => MpegChannelMode.DualChannel,
        _ => MpegChannelMode.Mono,
    };

    public int ChannelModeExtension => _frame.ChannelExtension;

    public int SampleCount => _frame.SampleCount;

    public int BitRateIndex => _frame.BitRateIndex;

    public bool IsCopyrighted => _frame.Copyright;

    public bool HasCrc => _frame.CrcPresent;

    // NAudio does not check the CRC; a damaged frame decodes to whatever its bits say, as in most players.
    public bool IsCorrupted => false;

    public void Reset() => _bitPosition = 8 * (HeaderBytes + (_frame.CrcPresent ? CrcBytes : 0));

    /// <summary>The next <paramref name="bitCount"/> bits (1–32), most significant first.</summary>
    /// <exception cref="EndOfStreamException">The frame has fewer bits left; NLayer's own frames report the end the same way.</exception>
    public int ReadBits(int bitCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bitCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitCount, 32);
        if (_bitPosition + bitCount > 8 * _frame.FrameLength)
        {
            throw new EndOfStreamException("The MPEG frame ended inside its own data.");
        }

        // At most five bytes hold the requested bits; gather them, then shift the field down.
        int first = _bitPosition >> 3;
        int skip = _bitPosition & 7;
        int bytes = (skip + bitCount + 7) >> 3;
        ulong window = 0;
        for (int i = 0; i < bytes; i++)
        {
            window = (window << 8) | _data[first + i];
        }

        _bitPosition += bitCount;
        ulong value = (window >> ((8 * bytes) - skip - bitCount)) & ((1UL << bitCount) - 1);
        return (int)value;
    }
}
