using System.Reflection;
using System.Text.Json;

namespace RiffusionVst.Engine.Diffusion.Weights;

/// <summary>
/// The configs of Stable Diffusion 1.x (SD 1.5, hence Riffusion) shipped inside the engine, for single-file
/// checkpoints that carry none: UNet [320, 640, 1280, 1280] with 8 heads and cross-attention 768, VAE
/// [128, 256, 512, 512] with 4 latent channels, CLIP text 768 wide, 12 layers, 12 heads, quick-GELU, PNDM scheduler.
/// </summary>
public static class Sd1Configs
{
    /// <summary>diffusers' UNet2DConditionModel config.</summary>
    public static string UNet => Read("unet");

    /// <summary>diffusers' AutoencoderKL config.</summary>
    public static string Vae => Read("vae");

    /// <summary>transformers' CLIPTextConfig.</summary>
    public static string TextEncoder => Read("text_encoder");

    /// <summary>The PNDM scheduler config of the checkpoint.</summary>
    public static string Scheduler => Read("scheduler");

    /// <summary>An integer of a config (e.g. <c>layers_per_block</c>), or <paramref name="fallback"/> when absent.</summary>
    public static int Integer(string configJson, string key, int fallback)
    {
        using var config = JsonDocument.Parse(configJson);
        return config.RootElement.TryGetProperty(key, out JsonElement value) && value.TryGetInt32(out int number) ? number : fallback;
    }

    /// <summary>The length of an array of a config (e.g. <c>block_out_channels</c>), or <paramref name="fallback"/>.</summary>
    public static int ArrayLength(string configJson, string key, int fallback)
    {
        using var config = JsonDocument.Parse(configJson);
        return config.RootElement.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : fallback;
    }

    private static string Read(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"RiffusionVst.Engine.Sd1.{name}.json")
            ?? throw new InvalidOperationException($"the engine was built without its SD 1.x config '{name}'");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
