using RiffusionVst.Engine.Diffusion.Graphs;
using RiffusionVst.Engine.Diffusion.Graphs.Configs;
using RiffusionVst.Engine.Diffusion.Weights;

namespace RiffusionVst.Engine.Tests.Diffusion.Graphs;

public class FullSizeArchitectureTests
{
    [Fact]
    public void Sd_15_configs_ask_for_exactly_the_published_tensors_and_parameter_counts()
    {
        // The published SD 1.5 (and Riffusion) checkpoints: UNet 686 tensors / 859 520 964 parameters, VAE 248 /
        // 83 653 863, CLIP text model 196 (+ its position_ids buffer) / 123 060 480.
        var configs = new ModelConfigs(ClipTextConfig.Parse(Sd1Configs.TextEncoder), UNetConfig.Parse(Sd1Configs.UNet), VaeConfig.Parse(Sd1Configs.Vae));
        var (text, unet, vae) = ModelGraphBuilder.ListTensors(configs);
        static long Parameters(TensorCatalog c) => c.Tensors.DistinctBy(t => t.Name).Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b));
        Assert.Equal(686, unet.Tensors.Count);
        Assert.Equal(859_520_964, Parameters(unet));
        Assert.Equal(248, vae.Tensors.DistinctBy(t => t.Name).Count());
        Assert.Equal(83_653_863, Parameters(vae));
        Assert.Equal(196, text.Tensors.Count);
        Assert.Equal(123_060_480, Parameters(text));
        Assert.Contains(unet.Tensors, t => t.Name == "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight" && t.Shape.SequenceEqual([320L, 768]));
        Assert.Contains(unet.Tensors, t => t.Name == "up_blocks.3.resnets.2.conv_shortcut.weight" && t.Shape.SequenceEqual([320L, 640, 1, 1]));
    }
}
