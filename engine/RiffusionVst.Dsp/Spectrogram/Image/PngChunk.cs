namespace RiffusionVst.Dsp.Spectrogram.Image;

/// <summary>One chunk of a PNG stream: its four-letter type and where its data lies in the file bytes.</summary>
internal readonly record struct PngChunk(string Type, int Offset, int DataOffset, int Length)
{
    /// <summary>Bytes of the whole chunk: length, type, data and CRC.</summary>
    public int TotalLength => Length + 12;
}
