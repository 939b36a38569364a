namespace RiffusionVst.Protocol.Framing;

/// <summary>The frame layout: a 4-byte little-endian body length, then a MessagePack body of that length.</summary>
public static class FrameFormat
{
    /// <summary>Size of the length prefix.</summary>
    public const int HeaderBytes = 4;

    /// <summary>
    /// Default largest body: 128 MiB. Stereo float PCM at 96 kHz is 768 000 bytes a second, so this holds
    /// 174 s of audio: 8 bars of 4/4 down to 11 BPM (at 20 BPM the loop is 96 s, 73.7 MB), with room for a PNG.
    /// </summary>
    public const int DefaultMaxFrameBytes = 128 * 1024 * 1024;

    /// <summary>Bytes of body the non-PCM fields of a <see cref="Messages.LoopReady"/> may take (PNG, path, numbers).</summary>
    public const int LoopOverheadAllowance = 8 * 1024 * 1024;
}
