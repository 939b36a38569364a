using System.Globalization;

namespace RiffusionVst.Engine.Diffusion.Weights.Naming;

/// <summary>
/// Maps the tensor names of an original (CompVis LDM) single-file Stable Diffusion 1.x checkpoint onto the
/// internal naming (diffusers 0.9 / transformers 4.26). Each method takes the name after its component's prefix
/// and returns the internal name, or null when the name has no counterpart (an unknown tensor).
/// The layout facts: LDM numbers the UNet's blocks flat (input_blocks 1…, each down block being
/// <c>layers_per_block</c> resnet(+attention) entries and one downsampler; output_blocks
/// <c>layers_per_block + 1</c> entries per up block), and numbers the VAE decoder's up blocks in reverse.
/// </summary>
public static class LdmCheckpointNaming
{
    /// <summary>Prefix of the UNet's tensors in a single-file checkpoint.</summary>
    public const string UNetPrefix = "model.diffusion_model.";

    /// <summary>Prefix of the VAE's tensors.</summary>
    public const string VaePrefix = "first_stage_model.";

    /// <summary>Prefix of the CLIP text encoder's tensors.</summary>
    public const string TextEncoderPrefix = "cond_stage_model.transformer.";

    /// <summary>The internal UNet name of <paramref name="name"/> (after <see cref="UNetPrefix"/>), or null.</summary>
    public static string? UNet(string name, int layersPerBlock)
    {
        if (Replace(name, "time_embed.0.", "time_embedding.linear_1.") is { } t1)
        {
            return t1;
        }

        if (Replace(name, "time_embed.2.", "time_embedding.linear_2.") is { } t2)
        {
            return t2;
        }

        if (Replace(name, "input_blocks.0.0.", "conv_in.") is { } convIn)
        {
            return convIn;
        }

        if ((Replace(name, "out.0.", "conv_norm_out.") ?? Replace(name, "out.2.", "conv_out.")) is { } output)
        {
            return output;
        }

        string[] parts = name.Split('.', 4);
        if (parts.Length == 4 && parts[0] == "input_blocks" && Int(parts[1]) is >= 1 and int i && Int(parts[2]) is int j)
        {
            int block = (i - 1) / (layersPerBlock + 1);
            int layer = (i - 1) % (layersPerBlock + 1);
            string rest = parts[3];
            return rest.StartsWith("op.", StringComparison.Ordinal)
                ? $"down_blocks.{block}.downsamplers.0.conv.{rest[3..]}"
                : j == 0 ? Resnet($"down_blocks.{block}.resnets.{layer}.", rest)
                : j == 1 ? $"down_blocks.{block}.attentions.{layer}.{rest}"
                : null;
        }

        if (parts.Length == 4 && parts[0] == "output_blocks" && Int(parts[1]) is int o && Int(parts[2]) is int k)
        {
            int block = o / (layersPerBlock + 1);
            int layer = o % (layersPerBlock + 1);
            string rest = parts[3];
            return k == 0 ? Resnet($"up_blocks.{block}.resnets.{layer}.", rest)
                : rest.StartsWith("conv.", StringComparison.Ordinal) ? $"up_blocks.{block}.upsamplers.0.conv.{rest[5..]}"
                : $"up_blocks.{block}.attentions.{layer}.{rest}";
        }

        string[] middle = name.Split('.', 3);
        if (middle.Length == 3 && middle[0] == "middle_block")
        {
            return middle[1] switch
            {
                "0" => Resnet("mid_block.resnets.0.", middle[2]),
                "1" => $"mid_block.attentions.0.{middle[2]}",
                "2" => Resnet("mid_block.resnets.1.", middle[2]),
                _ => null,
            };
        }

        return null;
    }

    /// <summary>
    /// The internal VAE name of <paramref name="name"/> (after <see cref="VaePrefix"/>), or null;
    /// <paramref name="blockCount"/> is the length of the VAE's <c>block_out_channels</c>.
    /// </summary>
    public static string? Vae(string name, int blockCount)
    {
        foreach (string whole in (string[])["quant_conv.", "post_quant_conv.", "encoder.conv_in.", "encoder.conv_out.", "decoder.conv_in.", "decoder.conv_out."])
        {
            if (name.StartsWith(whole, StringComparison.Ordinal))
            {
                return name;
            }
        }

        string[] parts = name.Split('.');
        if (parts.Length < 3 || parts[0] is not ("encoder" or "decoder"))
        {
            return null;
        }

        string coder = parts[0];
        string tail(int from) => string.Join('.', parts[from..]);
        switch (parts[1])
        {
            case "norm_out":
                return $"{coder}.conv_norm_out.{tail(2)}";
            case "mid" when parts[2] == "block_1":
                return VaeResnet($"{coder}.mid_block.resnets.0.", tail(3));
            case "mid" when parts[2] == "block_2":
                return VaeResnet($"{coder}.mid_block.resnets.1.", tail(3));
            case "mid" when parts[2] == "attn_1" && parts.Length == 5:
                string? attention = parts[3] switch
                {
                    "norm" => "group_norm",
                    "q" => "query",
                    "k" => "key",
                    "v" => "value",
                    "proj_out" => "proj_attn",
                    _ => null,
                };
                return attention is null ? null : $"{coder}.mid_block.attentions.0.{attention}.{parts[4]}";
            case "down" when coder == "encoder" && parts.Length >= 5 && Int(parts[2]) is int down:
                return parts[3] == "block" && Int(parts[4]) is int resnet ? VaeResnet($"encoder.down_blocks.{down}.resnets.{resnet}.", tail(5))
                    : parts[3] == "downsample" && parts[4] == "conv" ? $"encoder.down_blocks.{down}.downsamplers.0.conv.{tail(5)}"
                    : null;
            case "up" when coder == "decoder" && parts.Length >= 5 && Int(parts[2]) is int up && up < blockCount:
                int block = blockCount - 1 - up;
                return parts[3] == "block" && Int(parts[4]) is int r ? VaeResnet($"decoder.up_blocks.{block}.resnets.{r}.", tail(5))
                    : parts[3] == "upsample" && parts[4] == "conv" ? $"decoder.up_blocks.{block}.upsamplers.0.conv.{tail(5)}"
                    : null;
            default:
                return null;
        }
    }

    /// <summary>The internal text-encoder name of <paramref name="name"/> (after <see cref="TextEncoderPrefix"/>).</summary>
    public static string TextEncoder(string name) =>
        // transformers before 4.x kept the text model's parts at the top level; newer ones nest them in text_model.
        name.StartsWith("text_model.", StringComparison.Ordinal) ? name : "text_model." + name;

    private static string? Resnet(string prefix, string rest)
    {
        foreach ((string from, string to) in (ReadOnlySpan<(string, string)>)[
            ("in_layers.0.", "norm1."), ("in_layers.2.", "conv1."), ("emb_layers.1.", "time_emb_proj."),
            ("out_layers.0.", "norm2."), ("out_layers.3.", "conv2."), ("skip_connection.", "conv_shortcut.")])
        {
            if (Replace(rest, from, to) is { } mapped)
            {
                return prefix + mapped;
            }
        }

        return null;
    }

    private static string? VaeResnet(string prefix, string rest)
    {
        if (Replace(rest, "nin_shortcut.", "conv_shortcut.") is { } shortcut)
        {
            return prefix + shortcut;
        }

        return rest.Split('.')[0] is "norm1" or "conv1" or "norm2" or "conv2" ? prefix + rest : null;
    }

    private static string? Replace(string name, string from, string to) =>
        name.StartsWith(from, StringComparison.Ordinal) ? to + name[from.Length..] : null;

    private static int? Int(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;
}
