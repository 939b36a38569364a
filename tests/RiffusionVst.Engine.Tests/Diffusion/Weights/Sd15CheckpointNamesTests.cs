using RiffusionVst.Engine.Diffusion.Weights.Naming;

namespace RiffusionVst.Engine.Tests.Diffusion.Weights;

/// <summary>
/// Every tensor name of SD 1.5's original (LDM) checkpoint, written out from its layout, maps one to one onto every
/// name of the diffusers UNet and VAE, written out from theirs: no name lost, none doubled, none invented.
/// </summary>
public class Sd15CheckpointNamesTests
{
    private static readonly string[] WeightAndBias = ["weight", "bias"];

    [Fact]
    public void Every_ldm_UNet_name_maps_onto_exactly_the_diffusers_UNet_names()
    {
        List<string> mapped = LdmUNet().Select(n => LdmCheckpointNaming.UNet(n, layersPerBlock: 2) ?? "unmapped:" + n).ToList();
        Assert.Equal(686, mapped.Count);
        Assert.Equal(DiffusersUNet().Order(StringComparer.Ordinal), mapped.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_ldm_vae_name_maps_onto_exactly_the_diffusers_vae_names()
    {
        List<string> mapped = LdmVae().Select(n => LdmCheckpointNaming.Vae(n, blockCount: 4) ?? "unmapped:" + n).ToList();
        Assert.Equal(248, mapped.Count);
        Assert.Equal(DiffusersVae().Order(StringComparer.Ordinal), mapped.Order(StringComparer.Ordinal));
    }

    // LDM's openaimodel.UNetModel for SD 1.5: input_blocks 0 (conv) … 11, middle_block 0–2, output_blocks 0–11.
    private static IEnumerable<string> LdmUNet()
    {
        var names = new List<string>();
        void Params(string prefix, params string[] parts) => names.AddRange(parts.SelectMany(p => WeightAndBias.Select(w => $"{prefix}{p}.{w}")));
        void Res(string prefix, bool shortcut)
        {
            Params(prefix, "in_layers.0", "in_layers.2", "emb_layers.1", "out_layers.0", "out_layers.3");
            if (shortcut)
            {
                Params(prefix, "skip_connection");
            }
        }

        void Attention(string prefix)
        {
            Params(prefix, "norm", "proj_in", "proj_out");
            string block = prefix + "transformer_blocks.0.";
            foreach (string attn in (string[])["attn1", "attn2"])
            {
                names.AddRange(new[] { "to_q", "to_k", "to_v" }.Select(p => $"{block}{attn}.{p}.weight"));
                Params($"{block}{attn}.", "to_out.0");
            }

            Params(block, "norm1", "norm2", "norm3", "ff.net.0.proj", "ff.net.2");
        }

        Params("", "time_embed.0", "time_embed.2", "input_blocks.0.0", "out.0", "out.2");
        foreach (int i in (int[])[1, 2, 4, 5, 7, 8, 10, 11])
        {
            Res($"input_blocks.{i}.0.", shortcut: i is 4 or 7);
            if (i < 10)
            {
                Attention($"input_blocks.{i}.1.");
            }
        }

        foreach (int i in (int[])[3, 6, 9])
        {
            Params($"input_blocks.{i}.0.", "op");
        }

        Res("middle_block.0.", false);
        Attention("middle_block.1.");
        Res("middle_block.2.", false);
        for (int i = 0; i < 12; i++)
        {
            Res($"output_blocks.{i}.0.", shortcut: true);
            if (i >= 3)
            {
                Attention($"output_blocks.{i}.1.");
            }
        }

        Params("output_blocks.2.1.", "conv");
        Params("output_blocks.5.2.", "conv");
        Params("output_blocks.8.2.", "conv");
        return names;
    }

    // diffusers' UNet2DConditionModel with SD 1.5's config.
    private static IEnumerable<string> DiffusersUNet()
    {
        var names = new List<string>();
        void Params(string prefix, params string[] parts) => names.AddRange(parts.SelectMany(p => WeightAndBias.Select(w => $"{prefix}{p}.{w}")));
        void Res(string prefix, bool shortcut)
        {
            Params(prefix, "norm1", "conv1", "time_emb_proj", "norm2", "conv2");
            if (shortcut)
            {
                Params(prefix, "conv_shortcut");
            }
        }

        void Attention(string prefix)
        {
            Params(prefix, "norm", "proj_in", "proj_out");
            string block = prefix + "transformer_blocks.0.";
            foreach (string attn in (string[])["attn1", "attn2"])
            {
                names.AddRange(new[] { "to_q", "to_k", "to_v" }.Select(p => $"{block}{attn}.{p}.weight"));
                Params($"{block}{attn}.", "to_out.0");
            }

            Params(block, "norm1", "norm2", "norm3", "ff.net.0.proj", "ff.net.2");
        }

        Params("", "time_embedding.linear_1", "time_embedding.linear_2", "conv_in", "conv_norm_out", "conv_out");
        for (int b = 0; b < 4; b++)
        {
            for (int j = 0; j < 2; j++)
            {
                Res($"down_blocks.{b}.resnets.{j}.", shortcut: j == 0 && b is 1 or 2);
                if (b < 3)
                {
                    Attention($"down_blocks.{b}.attentions.{j}.");
                }
            }

            if (b < 3)
            {
                Params($"down_blocks.{b}.downsamplers.0.", "conv");
            }

            for (int j = 0; j < 3; j++)
            {
                Res($"up_blocks.{b}.resnets.{j}.", shortcut: true);
                if (b > 0)
                {
                    Attention($"up_blocks.{b}.attentions.{j}.");
                }
            }

            if (b < 3)
            {
                Params($"up_blocks.{b}.upsamplers.0.", "conv");
            }
        }

        Res("mid_block.resnets.0.", false);
        Attention("mid_block.attentions.0.");
        Res("mid_block.resnets.1.", false);
        return names;
    }

    // LDM's AutoencoderKL for SD 1.5 (ch_mult 1, 2, 4, 4): decoder up levels are numbered from the lowest resolution's end.
    private static IEnumerable<string> LdmVae()
    {
        var names = new List<string>();
        void Params(string prefix, params string[] parts) => names.AddRange(parts.SelectMany(p => WeightAndBias.Select(w => $"{prefix}{p}.{w}")));
        void Res(string prefix, bool shortcut) => Params(prefix, shortcut ? ["norm1", "conv1", "norm2", "conv2", "nin_shortcut"] : ["norm1", "conv1", "norm2", "conv2"]);
        foreach (string coder in (string[])["encoder", "decoder"])
        {
            Params($"{coder}.", "conv_in", "norm_out", "conv_out");
            Res($"{coder}.mid.block_1.", false);
            Res($"{coder}.mid.block_2.", false);
            Params($"{coder}.mid.attn_1.", "norm", "q", "k", "v", "proj_out");
        }

        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                Res($"encoder.down.{i}.block.{j}.", shortcut: j == 0 && i is 1 or 2);
            }

            if (i < 3)
            {
                Params($"encoder.down.{i}.downsample.", "conv");
            }

            for (int j = 0; j < 3; j++)
            {
                Res($"decoder.up.{i}.block.{j}.", shortcut: j == 0 && i is 0 or 1);
            }

            if (i > 0)
            {
                Params($"decoder.up.{i}.upsample.", "conv");
            }
        }

        Params("", "quant_conv", "post_quant_conv");
        return names;
    }

    // diffusers' AutoencoderKL (0.9 attention names) with SD 1.5's config.
    private static IEnumerable<string> DiffusersVae()
    {
        var names = new List<string>();
        void Params(string prefix, params string[] parts) => names.AddRange(parts.SelectMany(p => WeightAndBias.Select(w => $"{prefix}{p}.{w}")));
        void Res(string prefix, bool shortcut) => Params(prefix, shortcut ? ["norm1", "conv1", "norm2", "conv2", "conv_shortcut"] : ["norm1", "conv1", "norm2", "conv2"]);
        foreach (string coder in (string[])["encoder", "decoder"])
        {
            Params($"{coder}.", "conv_in", "conv_norm_out", "conv_out");
            Res($"{coder}.mid_block.resnets.0.", false);
            Res($"{coder}.mid_block.resnets.1.", false);
            Params($"{coder}.mid_block.attentions.0.", "group_norm", "query", "key", "value", "proj_attn");
        }

        for (int b = 0; b < 4; b++)
        {
            for (int j = 0; j < 2; j++)
            {
                Res($"encoder.down_blocks.{b}.resnets.{j}.", shortcut: j == 0 && b is 1 or 2);
            }

            if (b < 3)
            {
                Params($"encoder.down_blocks.{b}.downsamplers.0.", "conv");
            }

            // Up block b works at the resolution of LDM's level 3 − b: the last two change the channel count.
            for (int j = 0; j < 3; j++)
            {
                Res($"decoder.up_blocks.{b}.resnets.{j}.", shortcut: j == 0 && b is 2 or 3);
            }

            if (b < 3)
            {
                Params($"decoder.up_blocks.{b}.upsamplers.0.", "conv");
            }
        }

        Params("", "quant_conv", "post_quant_conv");
        return names;
    }
}
