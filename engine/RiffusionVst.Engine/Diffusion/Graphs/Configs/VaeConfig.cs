namespace RiffusionVst.Engine.Diffusion.Graphs.Configs;

/// <summary>The fields of diffusers' <c>AutoencoderKL</c> config the VAE graphs need (defaults as in diffusers 0.9).</summary>
internal sealed record VaeConfig
{
    /// <summary>Image channels in.</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>Image channels out.</summary>
    public int OutChannels { get; init; } = 3;

    /// <summary>Channels of each resolution level.</summary>
    public int[] BlockOutChannels { get; init; } = [128, 256, 512, 512];

    /// <summary>Resnets per encoder block (decoder blocks have one more).</summary>
    public int LayersPerBlock { get; init; } = 2;

    /// <summary>Latent channels (4).</summary>
    public int LatentChannels { get; init; } = 4;

    /// <summary>Group norm groups.</summary>
    public int NormGroups { get; init; } = 32;

    /// <summary>Reads a <c>config.json</c> of the VAE.</summary>
    public static VaeConfig Parse(string json)
    {
        var r = ConfigReader.Parse(json, "vae");
        int[] channels = r.Ints("block_out_channels", [64]);
        var config = new VaeConfig
        {
            InChannels = r.Int("in_channels", 3),
            OutChannels = r.Int("out_channels", 3),
            BlockOutChannels = channels,
            LayersPerBlock = r.Int("layers_per_block", 1),
            LatentChannels = r.Int("latent_channels", 4),
            NormGroups = r.Int("norm_num_groups", 32),
        };
        string act = r.String("act_fn", "silu");
        if (act != "silu")
        {
            throw r.Error($"act_fn '{act}' is not supported; SD 1.x uses silu");
        }

        string[] down = r.Strings("down_block_types", Enumerable.Repeat("DownEncoderBlock2D", channels.Length).ToArray());
        string[] up = r.Strings("up_block_types", Enumerable.Repeat("UpDecoderBlock2D", channels.Length).ToArray());
        if (down.Length != channels.Length || up.Length != channels.Length
            || down.Any(t => t != "DownEncoderBlock2D") || up.Any(t => t != "UpDecoderBlock2D"))
        {
            throw r.Error("down_block_types and up_block_types must list DownEncoderBlock2D / UpDecoderBlock2D once per entry of block_out_channels");
        }

        config.Check(r);
        return config;
    }

    /// <summary>Rejects values the graph cannot be built from.</summary>
    public void Check(ConfigReader? r = null)
    {
        Func<string, GraphBuildException> error = r is null ? m => new GraphBuildException($"vae config: {m}") : r.Error;
        if (BlockOutChannels.Length < 1 || BlockOutChannels.Any(c => c < 1 || c % NormGroups != 0))
        {
            throw error($"block_out_channels [{string.Join(", ", BlockOutChannels)}] must be positive multiples of norm_num_groups {NormGroups}");
        }

        if (BlockOutChannels.Length != 4)
        {
            throw error($"block_out_channels has {BlockOutChannels.Length} levels; the engine needs 4 (latents 8× smaller than the image)");
        }

        if (LatentChannels != 4 || InChannels != 3 || OutChannels != 3)
        {
            throw error($"the engine needs 3 image channels and 4 latent channels (got in {InChannels}, out {OutChannels}, latent {LatentChannels})");
        }

        if (LayersPerBlock < 1)
        {
            throw error("layers_per_block must be positive");
        }
    }
}
