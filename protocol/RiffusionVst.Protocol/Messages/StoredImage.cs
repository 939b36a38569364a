using MessagePack;

namespace RiffusionVst.Protocol.Messages;

/// <summary>One grid point of a saved project: the spectrogram image the engine once made for it, as PNG.</summary>
[MessagePackObject]
public sealed class StoredImage
{
    /// <summary>The morph position the image was made at; the answering <see cref="LoopReady.Alpha"/> carries it back.</summary>
    [Key(0)] public float Alpha { get; set; }

    /// <summary>The image as PNG (8-bit; greyscale or RGB with R = G = B), 512 rows high and 256 columns a bar of 4/4 wide.</summary>
    [Key(1)] public byte[] Png { get; set; } = [];
}
