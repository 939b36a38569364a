using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Service.Generation;

/// <summary>What a generator returns: the spectrogram image and how long its two parts took, as the generator measured them.</summary>
/// <param name="Image">The image on the native grid, <see cref="SpectrogramParameters.MelBands"/> rows high.</param>
/// <param name="DiffusionTime">Everything before the VAE decode: seed and mask images, prompt encoding, every denoising step.</param>
/// <param name="DecodeTime">The VAE decode to the image; zero for a generator that decodes nothing.</param>
public sealed record GeneratedImage(RgbImage Image, TimeSpan DiffusionTime, TimeSpan DecodeTime);
