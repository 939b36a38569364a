using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Service.Cache;

/// <summary>
/// Takes the images of a <see cref="RenderFromImages"/> into the cache: each PNG is decoded and checked (512 rows,
/// 256 columns a bar of 4/4) and stored under <see cref="GenerationKey.ForStoredImage"/>, so the loop delivery and
/// later retimes treat it like any generation. No model is involved.
/// </summary>
internal static class StoredImageAdmission
{
    /// <summary>The text a stored image's request carries in place of prompts (clip files are named after it).</summary>
    public const string PromptText = "restored from project";

    /// <summary>Decodes and stores every image; null and the problem (naming the image) when any is unusable.</summary>
    public static IReadOnlyList<CachedGeneration>? Admit(RenderFromImages request, GenerationCache cache, out string? problem)
    {
        var prompt = new PromptEnd(PromptText, 0, 0, 0);
        var template = new ImageRequest { PromptA = prompt, PromptB = prompt, Bars = request.Bars, BeatsPerBar = request.BeatsPerBar, Steps = 0 };
        int rows = SpectrogramParameters.Riffusion.MelBands;
        var decoded = new List<(StoredImage Stored, RgbImage Image)>(request.Images.Length);
        for (int i = 0; i < request.Images.Length; i++)
        {
            StoredImage stored = request.Images[i];
            string name = $"image {i + 1} (alpha {stored.Alpha:0.###})";
            RgbImage image;
            try
            {
                image = PngFile.Decode(stored.Png, name).Image;
            }
            catch (InvalidImageFileException e)
            {
                problem = $"Stored {name} is not a readable PNG ({e.Message}); render the grid anew.";
                return null;
            }
            if (image.Height != rows || image.Width != template.Columns)
            {
                problem = $"Stored {name} is {image.Width}×{image.Height}; {request.Bars} bars of {request.BeatsPerBar} need " +
                          $"{template.Columns}×{rows}. Render the grid anew.";
                return null;
            }
            decoded.Add((stored, image));
        }

        problem = null;
        return decoded
            .Select(d => cache.Put(GenerationKey.ForStoredImage(d.Image, request.Bars, request.BeatsPerBar), d.Image, template with { Alpha = d.Stored.Alpha }))
            .ToList();
    }
}
