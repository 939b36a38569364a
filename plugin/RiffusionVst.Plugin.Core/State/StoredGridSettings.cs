namespace RiffusionVst.Plugin.Core.State;

/// <summary>What a stored grid was made from, as the plugin asked the engine for it; saved beside the images.</summary>
/// <param name="TextA">Prompt at alpha 0.</param>
/// <param name="SeedA">Noise seed at alpha 0.</param>
/// <param name="TextB">Prompt at alpha 1.</param>
/// <param name="SeedB">Noise seed at alpha 1.</param>
/// <param name="Denoising">img2img strength.</param>
/// <param name="Guidance">Classifier-free guidance scale.</param>
/// <param name="Bars">Loop length in bars (the images are 256 columns a bar of 4/4 wide).</param>
/// <param name="BeatsPerBar">Beats per bar.</param>
/// <param name="SeedPattern">The seed pattern's protocol name, or null when the grid grew from captured audio (which is not saved).</param>
/// <param name="EvolveSegment">The evolve segment the grid was made for, or null outside evolve mode.</param>
/// <param name="ModelName">The model the engine made it with (as its Welcome named it).</param>
/// <param name="Steps">Diffusion steps.</param>
/// <param name="Scheduler">Scheduler name.</param>
public sealed record StoredGridSettings(
    string TextA, long SeedA, string TextB, long SeedB,
    float Denoising, float Guidance, int Bars, int BeatsPerBar,
    string? SeedPattern, long? EvolveSegment,
    string ModelName, int Steps, string Scheduler);
