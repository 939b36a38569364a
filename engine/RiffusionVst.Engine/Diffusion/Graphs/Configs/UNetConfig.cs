namespace RiffusionVst.Engine.Diffusion.Graphs.Configs;

/// <summary>The fields of diffusers' <c>UNet2DConditionModel</c> config the UNet graph needs (defaults as in diffusers 0.9).</summary>
internal sealed record UNetConfig
{
    /// <summary>Block type names this builder knows.</summary>
    public const string CrossAttnDown = "CrossAttnDownBlock2D", Down = "DownBlock2D", CrossAttnUp = "CrossAttnUpBlock2D", Up = "UpBlock2D";

    /// <summary>Latent channels in.</summary>
    public int InChannels { get; init; } = 4;

    /// <summary>Latent channels out.</summary>
    public int OutChannels { get; init; } = 4;

    /// <summary>Channels of each resolution level.</summary>
    public int[] BlockOutChannels { get; init; } = [320, 640, 1280, 1280];

    /// <summary>Down block types, one per level.</summary>
    public string[] DownBlockTypes { get; init; } = [CrossAttnDown, CrossAttnDown, CrossAttnDown, Down];

    /// <summary>Up block types, one per level (lowest resolution first).</summary>
    public string[] UpBlockTypes { get; init; } = [Up, CrossAttnUp, CrossAttnUp, CrossAttnUp];

    /// <summary>Resnets per down block (up blocks have one more).</summary>
    public int LayersPerBlock { get; init; } = 2;

    /// <summary>Attention heads per level (diffusers 0.9 passes <c>attention_head_dim</c> as the head count).</summary>
    public int[] AttentionHeads { get; init; } = [8, 8, 8, 8];

    /// <summary>Width of the text features (768 in SD 1.x).</summary>
    public int CrossAttentionDim { get; init; } = 1280;

    /// <summary>Group norm groups.</summary>
    public int NormGroups { get; init; } = 32;

    /// <summary>Group norm epsilon of the resnets.</summary>
    public double NormEps { get; init; } = 1e-5;

    /// <summary>Cosine half first in the time embedding.</summary>
    public bool FlipSinToCos { get; init; } = true;

    /// <summary>Frequency shift of the time embedding.</summary>
    public double FreqShift { get; init; }

    /// <summary>Maps the input from [0, 1] to [−1, 1] first.</summary>
    public bool CenterInputSample { get; init; }

    /// <summary>Linear instead of 1×1 convolution projections around the transformers (SD 2.x).</summary>
    public bool UseLinearProjection { get; init; }

    /// <summary>Padding of the downsampling convolutions.</summary>
    public int DownsamplePadding { get; init; } = 1;

    /// <summary>Divisor of the mid block's outputs.</summary>
    public double MidBlockScaleFactor { get; init; } = 1;

    /// <summary>Reads a <c>config.json</c> of the UNet.</summary>
    public static UNetConfig Parse(string json)
    {
        var r = ConfigReader.Parse(json, "unet");
        int[] channels = r.Ints("block_out_channels", [320, 640, 1280, 1280]);
        var config = new UNetConfig
        {
            InChannels = r.Int("in_channels", 4),
            OutChannels = r.Int("out_channels", 4),
            BlockOutChannels = channels,
            DownBlockTypes = r.Strings("down_block_types", [CrossAttnDown, CrossAttnDown, CrossAttnDown, Down]),
            UpBlockTypes = r.Strings("up_block_types", [Up, CrossAttnUp, CrossAttnUp, CrossAttnUp]),
            LayersPerBlock = r.Int("layers_per_block", 2),
            AttentionHeads = r.Ints("attention_head_dim", Enumerable.Repeat(8, channels.Length).ToArray(), channels.Length),
            CrossAttentionDim = r.Int("cross_attention_dim", 1280),
            NormGroups = r.Int("norm_num_groups", 32),
            NormEps = r.Double("norm_eps", 1e-5),
            FlipSinToCos = r.Bool("flip_sin_to_cos", true),
            FreqShift = r.Double("freq_shift", 0),
            CenterInputSample = r.Bool("center_input_sample", false),
            UseLinearProjection = r.Bool("use_linear_projection", false),
            DownsamplePadding = r.Int("downsample_padding", 1),
            MidBlockScaleFactor = r.Double("mid_block_scale_factor", 1),
        };
        string act = r.String("act_fn", "silu");
        if (act != "silu")
        {
            throw r.Error($"act_fn '{act}' is not supported; SD 1.x uses silu");
        }

        if (r.Has("num_class_embeds") || r.Bool("dual_cross_attention", false) || r.Bool("only_cross_attention", false))
        {
            throw r.Error("class embeddings, dual or only-cross attention are not part of SD 1.x and are not supported");
        }

        string mid = r.String("mid_block_type", "UNetMidBlock2DCrossAttn");
        if (mid != "UNetMidBlock2DCrossAttn")
        {
            throw r.Error($"mid_block_type '{mid}' is not supported; SD 1.x uses UNetMidBlock2DCrossAttn");
        }

        config.Check(r);
        return config;
    }

    /// <summary>Rejects values the graph cannot be built from.</summary>
    public void Check(ConfigReader? r = null)
    {
        Func<string, GraphBuildException> error = r is null ? m => new GraphBuildException($"unet config: {m}") : r.Error;
        int levels = BlockOutChannels.Length;
        if (levels < 1 || DownBlockTypes.Length != levels || UpBlockTypes.Length != levels || AttentionHeads.Length != levels)
        {
            throw error($"block_out_channels, down_block_types, up_block_types and attention_head_dim must all have one entry per level (got {BlockOutChannels.Length}, {DownBlockTypes.Length}, {UpBlockTypes.Length}, {AttentionHeads.Length})");
        }

        foreach (string type in DownBlockTypes.Where(t => t is not (CrossAttnDown or Down)))
        {
            throw error($"down block type '{type}' is not supported (known: {CrossAttnDown}, {Down})");
        }

        foreach (string type in UpBlockTypes.Where(t => t is not (CrossAttnUp or Up)))
        {
            throw error($"up block type '{type}' is not supported (known: {CrossAttnUp}, {Up})");
        }

        for (int i = 0; i < levels; i++)
        {
            if (BlockOutChannels[i] < 1 || BlockOutChannels[i] % NormGroups != 0)
            {
                throw error($"block_out_channels[{i}] = {BlockOutChannels[i]} must be a positive multiple of norm_num_groups {NormGroups}");
            }

            if (AttentionHeads[i] < 1 || BlockOutChannels[i] % AttentionHeads[i] != 0)
            {
                throw error($"block_out_channels[{i}] = {BlockOutChannels[i]} must be a multiple of attention_head_dim[{i}] = {AttentionHeads[i]} (the head count)");
            }
        }

        if (MidBlockScaleFactor != 1)
        {
            throw error($"mid_block_scale_factor {MidBlockScaleFactor} is not supported; SD 1.x uses 1");
        }

        if (LayersPerBlock < 1 || CrossAttentionDim < 1 || InChannels < 1 || OutChannels < 1)
        {
            throw error("layers_per_block, cross_attention_dim, in_channels and out_channels must be positive");
        }
    }
}
