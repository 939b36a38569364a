using System.Buffers.Binary;

namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>Riffusion's EXIF tags that carry <see cref="SpectrogramParameters"/> inside a spectrogram PNG.</summary>
public static class RiffusionExif
{
    /// <summary>Sample rate in Hz.</summary>
    public const int SampleRateTag = 11000;

    /// <summary>Stereo flag (non-zero = stereo).</summary>
    public const int StereoTag = 11005;

    /// <summary>Hop in milliseconds.</summary>
    public const int StepMsTag = 11010;

    /// <summary>Window length in milliseconds.</summary>
    public const int WindowMsTag = 11020;

    /// <summary>Padded FFT length in milliseconds.</summary>
    public const int PaddedMsTag = 11030;

    /// <summary>Number of mel bands.</summary>
    public const int MelBandsTag = 11040;

    /// <summary>Lowest mel frequency in Hz.</summary>
    public const int MinFrequencyTag = 11050;

    /// <summary>Highest mel frequency in Hz.</summary>
    public const int MaxFrequencyTag = 11060;

    /// <summary>Image power.</summary>
    public const int PowerTag = 11070;

    /// <summary>Amplitude of a black pixel.</summary>
    public const int MaxValueTag = 11080;

    /// <summary>Builds parameters from an EXIF (TIFF) block: tags present override Riffusion's defaults, unknown tags are ignored.</summary>
    /// <returns>The parameters and whether any Riffusion tag was present.</returns>
    public static (SpectrogramParameters Parameters, bool Found) Parse(ReadOnlySpan<byte> exif, string source = "EXIF block")
    {
        var tags = TiffNumericDirectory.Read(exif, source);
        var p = SpectrogramParameters.Riffusion;
        bool found = false;
        if (tags.TryGetValue(SampleRateTag, out double v)) { p = p with { SampleRate = checked((int)Math.Round(v)) }; found = true; }
        if (tags.TryGetValue(StereoTag, out v)) { p = p with { Stereo = v != 0 }; found = true; }
        if (tags.TryGetValue(StepMsTag, out v)) { p = p with { StepMs = v }; found = true; }
        if (tags.TryGetValue(WindowMsTag, out v)) { p = p with { WindowMs = v }; found = true; }
        if (tags.TryGetValue(PaddedMsTag, out v)) { p = p with { PaddedMs = v }; found = true; }
        if (tags.TryGetValue(MelBandsTag, out v)) { p = p with { MelBands = checked((int)Math.Round(v)) }; found = true; }
        if (tags.TryGetValue(MinFrequencyTag, out v)) { p = p with { MinFrequency = v }; found = true; }
        if (tags.TryGetValue(MaxFrequencyTag, out v)) { p = p with { MaxFrequency = v }; found = true; }
        if (tags.TryGetValue(PowerTag, out v)) { p = p with { PowerForImage = v }; found = true; }
        if (tags.TryGetValue(MaxValueTag, out v)) { p = p with { MaxValue = v }; found = true; }
        return (p, found);
    }

    /// <summary>Writes the parameters as a little-endian TIFF block: integers as LONG, the stereo flag as SHORT, the rest as DOUBLE.</summary>
    public static byte[] Build(SpectrogramParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        (int Tag, double Value, int Type)[] entries =
        [
            (SampleRateTag, parameters.SampleRate, 4),
            (StereoTag, parameters.Stereo ? 1 : 0, 3),
            (StepMsTag, parameters.StepMs, 12),
            (WindowMsTag, parameters.WindowMs, 12),
            (PaddedMsTag, parameters.PaddedMs, 12),
            (MelBandsTag, parameters.MelBands, 4),
            (MinFrequencyTag, parameters.MinFrequency, 12),
            (MaxFrequencyTag, parameters.MaxFrequency, 12),
            (PowerTag, parameters.PowerForImage, 12),
            (MaxValueTag, parameters.MaxValue, 12),
        ];

        int ifdSize = 2 + entries.Length * 12 + 4;
        int dataStart = 8 + ifdSize;
        int doubles = entries.Count(e => e.Type == 12);
        var bytes = new byte[dataStart + doubles * 8];
        var span = bytes.AsSpan();
        span[0] = (byte)'I';
        span[1] = (byte)'I';
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], 42);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], (ushort)entries.Length);
        int data = dataStart;
        for (int i = 0; i < entries.Length; i++)
        {
            var (tag, value, type) = entries[i];
            var e = span[(10 + i * 12)..];
            BinaryPrimitives.WriteUInt16LittleEndian(e, (ushort)tag);
            BinaryPrimitives.WriteUInt16LittleEndian(e[2..], (ushort)type);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], 1);
            switch (type)
            {
                case 3:
                    BinaryPrimitives.WriteUInt16LittleEndian(e[8..], (ushort)value);
                    break;
                case 4:
                    BinaryPrimitives.WriteUInt32LittleEndian(e[8..], (uint)value);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32LittleEndian(e[8..], (uint)data);
                    BinaryPrimitives.WriteInt64LittleEndian(span[data..], BitConverter.DoubleToInt64Bits(value));
                    data += 8;
                    break;
            }
        }

        // The next-IFD offset after the entries stays 0: there is only one directory.
        return bytes;
    }
}
