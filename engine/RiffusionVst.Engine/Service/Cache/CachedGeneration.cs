using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Service.Cache;

/// <summary>A generated spectrogram image and the request that made it (without seed audio or mask bytes).</summary>
/// <param name="Key">The generation key.</param>
/// <param name="Image">The image on the native grid; shared, so never modify it.</param>
/// <param name="Request">What made it; tempo-free, so any tempo can be fitted from it.</param>
public sealed record CachedGeneration(string Key, RgbImage Image, ImageRequest Request);
