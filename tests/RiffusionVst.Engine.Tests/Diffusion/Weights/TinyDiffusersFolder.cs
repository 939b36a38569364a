using RiffusionVst.Engine.Diffusion.Weights;
using RiffusionVst.Engine.Diffusion.Weights.Safetensors;

namespace RiffusionVst.Engine.Tests.Diffusion.Weights;

/// <summary>A tiny diffusers-layout model folder (a few random tensors per component) written with the safetensors writer.</summary>
internal static class TinyDiffusersFolder
{
    public static readonly string[] UNetNames = ["conv_in.bias", "conv_in.weight", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight"];

    public const string UNetConfig = """{"_class_name": "UNet2DConditionModel", "block_out_channels": [32, 64], "layers_per_block": 1, "cross_attention_dim": 32}""";

    /// <summary>Every file of the folder relative to it, as the hub lists them.</summary>
    public static readonly string[] Files =
    [
        "model_index.json", "scheduler/scheduler_config.json", "text_encoder/config.json", "text_encoder/model.safetensors",
        "tokenizer/merges.txt", "tokenizer/vocab.json", "unet/config.json", "unet/diffusion_pytorch_model.safetensors",
        "vae/config.json", "vae/diffusion_pytorch_model.safetensors",
    ];

    public static string Write(string folder, bool textEncoderAsBin = false, int unetFloats = 16)
    {
        var random = new Random(5);
        float[] Random(int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        string Part(string name) => Directory.CreateDirectory(Path.Combine(folder, name)).FullName;

        File.WriteAllText(Path.Combine(Directory.CreateDirectory(folder).FullName, "model_index.json"), """{"_class_name": "StableDiffusionPipeline"}""");
        string unet = Part("unet");
        File.WriteAllText(Path.Combine(unet, "config.json"), UNetConfig);
        SafetensorsWriter.Write(Path.Combine(unet, "diffusion_pytorch_model.safetensors"), [
            SafetensorsWriter.Float32("conv_in.weight", [unetFloats], Random(unetFloats)),
            SafetensorsWriter.Float32("conv_in.bias", [4], Random(4)),
            SafetensorsWriter.Float32("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight", [2, 2], Random(4)),
        ]);
        string vae = Part("vae");
        File.WriteAllText(Path.Combine(vae, "config.json"), """{"_class_name": "AutoencoderKL", "block_out_channels": [8, 16], "latent_channels": 4}""");
        SafetensorsWriter.Write(Path.Combine(vae, "diffusion_pytorch_model.safetensors"), [
            SafetensorsWriter.Float32("decoder.conv_in.weight", [4], Random(4)),
            SafetensorsWriter.Float32("encoder.mid_block.attentions.0.to_q.weight", [2, 2], Random(4)),
            SafetensorsWriter.Float32("encoder.mid_block.attentions.0.to_out.0.weight", [2, 2], Random(4)),
        ]);
        string text = Part("text_encoder");
        File.WriteAllText(Path.Combine(text, "config.json"), """{"hidden_size": 32, "num_hidden_layers": 1}""");
        if (textEncoderAsBin)
        {
            TorchCheckpointFile.Write(Path.Combine(text, "pytorch_model.bin"), [("text_model.final_layer_norm.weight", [2], [0.5f, -0.5f])]);
        }
        else
        {
            SafetensorsWriter.Write(Path.Combine(text, "model.safetensors"), [SafetensorsWriter.Float32("text_model.final_layer_norm.weight", [2], [0.5f, -0.5f])]);
        }

        string tokenizer = Part("tokenizer");
        File.WriteAllText(Path.Combine(tokenizer, "vocab.json"), """{"a</w>": 0}""");
        File.WriteAllText(Path.Combine(tokenizer, "merges.txt"), "#version: 0.2\n");
        File.WriteAllText(Path.Combine(Part("scheduler"), "scheduler_config.json"), Sd1Configs.Scheduler);
        return folder;
    }
}
