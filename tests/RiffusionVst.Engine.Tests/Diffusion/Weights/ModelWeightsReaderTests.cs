using RiffusionVst.Engine.Diffusion.Weights;
using RiffusionVst.Engine.Diffusion.Weights.Safetensors;
using RiffusionVst.Engine.Tests.Diffusion.TinyModel;

namespace RiffusionVst.Engine.Tests.Diffusion.Weights;

public class ModelWeightsReaderTests
{
    [Fact]
    public void A_single_file_checkpoint_gives_each_component_in_the_internal_naming_with_the_shipped_configs()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "riffusion-model-v1.ckpt");
        TorchCheckpointFile.Write(path, [
            ("model.diffusion_model.input_blocks.0.0.weight", [1, 1, 1, 1], [1f]),
            ("model.diffusion_model.output_blocks.2.1.conv.bias", [1], [2f]),
            ("first_stage_model.decoder.up.3.block.0.conv1.bias", [1], [3f]),
            ("first_stage_model.encoder.mid.attn_1.q.weight", [2, 2, 1, 1], [1f, 2f, 3f, 4f]),
            ("cond_stage_model.transformer.text_model.final_layer_norm.weight", [1], [4f]),
            ("model_ema.decay", [], [0.9999f]),
            ("alphas_cumprod", [1], [0.5f]),
        ], lightning: true);

        using ModelWeights weights = ModelWeightsReader.Open(path);
        Assert.Equal(["conv_in.weight", "up_blocks.0.upsamplers.0.conv.bias"], weights.UNet.Names.Order(StringComparer.Ordinal));
        Assert.Equal(["decoder.up_blocks.0.resnets.0.conv1.bias", "encoder.mid_block.attentions.0.query.weight"], weights.Vae.Names.Order(StringComparer.Ordinal));
        Assert.Equal(["text_model.final_layer_norm.weight"], weights.TextEncoder.Names);
        Assert.Equal([2f], weights.UNet.Get("up_blocks.0.upsamplers.0.conv.bias").ToFloat32());

        // LDM's 1×1 conv kernel [C, C, 1, 1] comes out as diffusers' linear weight [C, C], same values.
        WeightTensor query = weights.Vae.Get("encoder.mid_block.attentions.0.query.weight");
        Assert.Equal("encoder.mid_block.attentions.0.query.weight", query.Name);
        Assert.Equal([2L, 2], query.Shape);
        Assert.Equal([1f, 2f, 3f, 4f], query.ToFloat32());

        Assert.Equal(2, Sd1Configs.Integer(weights.UNetConfigJson, "layers_per_block", 0));
        Assert.Equal(768, Sd1Configs.Integer(weights.UNetConfigJson, "cross_attention_dim", 0));
        Assert.Equal(4, Sd1Configs.Integer(weights.VaeConfigJson, "latent_channels", 0));
        Assert.Equal(12, Sd1Configs.Integer(weights.TextEncoderConfigJson, "num_hidden_layers", 0));
        Assert.Contains("\"skip_prk_steps\": true", weights.SchedulerConfigJson, StringComparison.Ordinal);
        Assert.Null(weights.TokenizerFolder);
    }

    [Fact]
    public void A_single_file_stays_mapped_until_all_three_components_are_disposed()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "model.safetensors");
        SafetensorsWriter.Write(path, [
            SafetensorsWriter.Float32("model.diffusion_model.input_blocks.0.0.bias", [1], [1f]),
            SafetensorsWriter.Float32("first_stage_model.quant_conv.bias", [1], [2f]),
            SafetensorsWriter.Float32("cond_stage_model.transformer.text_model.final_layer_norm.bias", [1], [3f]),
        ]);
        ModelWeights weights = ModelWeightsReader.Open(path);
        WeightTensor text = weights.TextEncoder.Get("text_model.final_layer_norm.bias");
        weights.UNet.Dispose();
        weights.UNet.Dispose();
        weights.Vae.Dispose();
        Assert.Equal([3f], text.ToFloat32());
        weights.Dispose();
        Assert.Throws<ObjectDisposedException>(() => text.ToFloat32());
    }

    [Fact]
    public void Unknown_tensors_of_a_single_file_are_listed_together()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "other.safetensors");
        SafetensorsWriter.Write(path, [
            SafetensorsWriter.Float32("model.diffusion_model.input_blocks.0.0.weight", [1], [1f]),
            SafetensorsWriter.Float32("model.diffusion_model.label_emb.0.0.weight", [1], [1f]),
            SafetensorsWriter.Float32("first_stage_model.decoder.up.0.block.0.conv1.bias", [1], [1f]),
            SafetensorsWriter.Float32("first_stage_model.encoder.mid.attn_1.qkv.weight", [1], [1f]),
            SafetensorsWriter.Float32("cond_stage_model.transformer.text_model.final_layer_norm.bias", [1], [1f]),
            SafetensorsWriter.Float32("lora_unet_down.alpha", [1], [1f]),
        ]);
        var error = Assert.Throws<WeightFileException>(() => ModelWeightsReader.Open(path));
        Assert.Contains("3 tensor(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'model.diffusion_model.label_emb.0.0.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'first_stage_model.encoder.mid.attn_1.qkv.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'lora_unet_down.alpha'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_open_clip_checkpoint_is_named_as_stable_diffusion_2()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "sd2.safetensors");
        SafetensorsWriter.Write(path, [
            SafetensorsWriter.Float32("model.diffusion_model.input_blocks.0.0.weight", [1], [1f]),
            SafetensorsWriter.Float32("cond_stage_model.model.ln_final.weight", [1], [1f]),
        ]);
        var error = Assert.Throws<WeightFileException>(() => ModelWeightsReader.Open(path));
        Assert.Contains("Stable Diffusion 2.x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diffusers_folder_mixes_safetensors_and_bin_files_and_renames_newer_vae_attention()
    {
        using var temp = new TempFolder();
        string folder = TinyDiffusersFolder.Write(Path.Combine(temp.Path, "model"), textEncoderAsBin: true);

        using ModelWeights weights = ModelWeightsReader.Open(folder);
        Assert.Equal(TinyDiffusersFolder.UNetNames, weights.UNet.Names.Order(StringComparer.Ordinal));
        Assert.Equal(["decoder.conv_in.weight", "encoder.mid_block.attentions.0.proj_attn.weight", "encoder.mid_block.attentions.0.query.weight"],
            weights.Vae.Names.Order(StringComparer.Ordinal));
        Assert.Equal([2L, 2], weights.Vae.Get("encoder.mid_block.attentions.0.query.weight").Shape);
        Assert.Equal(["text_model.final_layer_norm.weight"], weights.TextEncoder.Names);
        Assert.Equal([0.5f, -0.5f], weights.TextEncoder.Get("text_model.final_layer_norm.weight").ToFloat32());
        Assert.Equal(Path.Combine(folder, "tokenizer"), weights.TokenizerFolder);
        Assert.Contains("PNDMScheduler", weights.SchedulerConfigJson, StringComparison.Ordinal);
        Assert.Contains("\"layers_per_block\": 1", weights.UNetConfigJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_of_another_architecture_in_a_folder_are_listed_together()
    {
        using var temp = new TempFolder();
        string folder = TinyDiffusersFolder.Write(Path.Combine(temp.Path, "model"));
        SafetensorsWriter.Write(Path.Combine(folder, "unet", "diffusion_pytorch_model.safetensors"), [
            SafetensorsWriter.Float32("conv_in.weight", [1], [1f]),
            SafetensorsWriter.Float32("add_embedding.linear_1.weight", [1], [1f]),
            SafetensorsWriter.Float32("class_embedding.weight", [1], [1f]),
        ]);
        var error = Assert.Throws<WeightFileException>(() => ModelWeightsReader.Open(folder));
        Assert.Contains("holds 2 tensor(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'unet: add_embedding.linear_1.weight', 'unet: class_embedding.weight'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_incomplete_folder_lists_every_missing_file_at_once()
    {
        using var temp = new TempFolder();
        string folder = TinyDiffusersFolder.Write(Path.Combine(temp.Path, "model"));
        File.Delete(Path.Combine(folder, "unet", "config.json"));
        File.Delete(Path.Combine(folder, "text_encoder", "model.safetensors"));
        var error = Assert.Throws<WeightFileException>(() => ModelWeightsReader.Open(folder));
        Assert.Contains("unet/config.json, text_encoder/model.safetensors or pytorch_model.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_all_lists_every_missing_tensor()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "w.safetensors");
        SafetensorsWriter.Write(path, [SafetensorsWriter.Float32("a", [1], [1f])]);
        using SafetensorsFile file = SafetensorsFile.Open(path);
        var error = Assert.Throws<WeightFileException>(() => WeightNames.RequireAll(file, ["a", "b", "c"], "UNet"));
        Assert.Contains("lack 2 tensor(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'b', 'c'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_says_what_to_give()
    {
        var error = Assert.Throws<WeightFileException>(() => ModelWeightsReader.Open("/no/such/model"));
        Assert.Contains("diffusers model folder", error.Message, StringComparison.Ordinal);
    }
}
