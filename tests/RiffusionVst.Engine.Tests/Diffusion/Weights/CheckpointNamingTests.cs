using RiffusionVst.Engine.Diffusion.Weights.Naming;

namespace RiffusionVst.Engine.Tests.Diffusion.Weights;

public class CheckpointNamingTests
{
    [Theory]
    [InlineData("time_embed.0.weight", "time_embedding.linear_1.weight")]
    [InlineData("time_embed.2.bias", "time_embedding.linear_2.bias")]
    [InlineData("input_blocks.0.0.weight", "conv_in.weight")]
    [InlineData("input_blocks.1.0.in_layers.0.weight", "down_blocks.0.resnets.0.norm1.weight")]
    [InlineData("input_blocks.1.0.in_layers.2.bias", "down_blocks.0.resnets.0.conv1.bias")]
    [InlineData("input_blocks.2.0.emb_layers.1.weight", "down_blocks.0.resnets.1.time_emb_proj.weight")]
    [InlineData("input_blocks.2.0.out_layers.0.bias", "down_blocks.0.resnets.1.norm2.bias")]
    [InlineData("input_blocks.2.0.out_layers.3.weight", "down_blocks.0.resnets.1.conv2.weight")]
    [InlineData("input_blocks.1.1.transformer_blocks.0.attn1.to_q.weight", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight")]
    [InlineData("input_blocks.2.1.proj_in.weight", "down_blocks.0.attentions.1.proj_in.weight")]
    [InlineData("input_blocks.3.0.op.weight", "down_blocks.0.downsamplers.0.conv.weight")]
    [InlineData("input_blocks.4.0.skip_connection.weight", "down_blocks.1.resnets.0.conv_shortcut.weight")]
    [InlineData("input_blocks.8.1.transformer_blocks.0.ff.net.0.proj.weight", "down_blocks.2.attentions.1.transformer_blocks.0.ff.net.0.proj.weight")]
    [InlineData("input_blocks.9.0.op.bias", "down_blocks.2.downsamplers.0.conv.bias")]
    [InlineData("input_blocks.11.0.in_layers.0.weight", "down_blocks.3.resnets.1.norm1.weight")]
    [InlineData("middle_block.0.in_layers.0.weight", "mid_block.resnets.0.norm1.weight")]
    [InlineData("middle_block.1.transformer_blocks.0.attn2.to_k.weight", "mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight")]
    [InlineData("middle_block.2.out_layers.3.bias", "mid_block.resnets.1.conv2.bias")]
    [InlineData("output_blocks.0.0.skip_connection.weight", "up_blocks.0.resnets.0.conv_shortcut.weight")]
    [InlineData("output_blocks.2.1.conv.weight", "up_blocks.0.upsamplers.0.conv.weight")]
    [InlineData("output_blocks.3.1.norm.weight", "up_blocks.1.attentions.0.norm.weight")]
    [InlineData("output_blocks.5.2.conv.bias", "up_blocks.1.upsamplers.0.conv.bias")]
    [InlineData("output_blocks.2.2.conv.weight", "up_blocks.0.upsamplers.0.conv.weight")] // as some converters write it
    [InlineData("output_blocks.8.2.conv.weight", "up_blocks.2.upsamplers.0.conv.weight")]
    [InlineData("output_blocks.11.1.proj_out.bias", "up_blocks.3.attentions.2.proj_out.bias")]
    [InlineData("out.0.weight", "conv_norm_out.weight")]
    [InlineData("out.2.bias", "conv_out.bias")]
    public void Ldm_UNet_names_map_onto_diffusers_names(string ldm, string diffusers) =>
        Assert.Equal(diffusers, LdmCheckpointNaming.UNet(ldm, layersPerBlock: 2));

    [Theory]
    [InlineData("input_blocks.1.0.weird.weight")]
    [InlineData("label_emb.0.0.weight")]
    [InlineData("middle_block.3.weight")]
    public void Ldm_UNet_names_with_no_counterpart_are_unknown(string ldm) => Assert.Null(LdmCheckpointNaming.UNet(ldm, 2));

    [Theory]
    [InlineData("encoder.conv_in.weight", "encoder.conv_in.weight")]
    [InlineData("encoder.down.0.block.1.conv2.weight", "encoder.down_blocks.0.resnets.1.conv2.weight")]
    [InlineData("encoder.down.1.block.0.nin_shortcut.bias", "encoder.down_blocks.1.resnets.0.conv_shortcut.bias")]
    [InlineData("encoder.down.2.downsample.conv.weight", "encoder.down_blocks.2.downsamplers.0.conv.weight")]
    [InlineData("encoder.mid.block_1.norm1.weight", "encoder.mid_block.resnets.0.norm1.weight")]
    [InlineData("encoder.mid.block_2.conv1.bias", "encoder.mid_block.resnets.1.conv1.bias")]
    [InlineData("encoder.mid.attn_1.norm.weight", "encoder.mid_block.attentions.0.group_norm.weight")]
    [InlineData("encoder.mid.attn_1.q.weight", "encoder.mid_block.attentions.0.query.weight")]
    [InlineData("decoder.mid.attn_1.k.bias", "decoder.mid_block.attentions.0.key.bias")]
    [InlineData("decoder.mid.attn_1.v.weight", "decoder.mid_block.attentions.0.value.weight")]
    [InlineData("decoder.mid.attn_1.proj_out.weight", "decoder.mid_block.attentions.0.proj_attn.weight")]
    [InlineData("encoder.norm_out.bias", "encoder.conv_norm_out.bias")]
    [InlineData("decoder.up.3.block.0.conv1.weight", "decoder.up_blocks.0.resnets.0.conv1.weight")]
    [InlineData("decoder.up.3.upsample.conv.weight", "decoder.up_blocks.0.upsamplers.0.conv.weight")]
    [InlineData("decoder.up.0.block.2.norm2.bias", "decoder.up_blocks.3.resnets.2.norm2.bias")]
    [InlineData("decoder.up.1.block.0.nin_shortcut.weight", "decoder.up_blocks.2.resnets.0.conv_shortcut.weight")]
    [InlineData("quant_conv.weight", "quant_conv.weight")]
    [InlineData("post_quant_conv.bias", "post_quant_conv.bias")]
    public void Ldm_vae_names_map_onto_diffusers_09_names(string ldm, string diffusers) =>
        Assert.Equal(diffusers, LdmCheckpointNaming.Vae(ldm, blockCount: 4));

    [Theory]
    [InlineData("decoder.up.4.block.0.conv1.weight")]
    [InlineData("encoder.mid.attn_1.qkv.weight")]
    [InlineData("loss.discriminator.main.0.weight")]
    public void Ldm_vae_names_with_no_counterpart_are_unknown(string ldm) => Assert.Null(LdmCheckpointNaming.Vae(ldm, 4));

    [Theory]
    [InlineData("text_model.encoder.layers.0.self_attn.q_proj.weight", "text_model.encoder.layers.0.self_attn.q_proj.weight")]
    [InlineData("embeddings.token_embedding.weight", "text_model.embeddings.token_embedding.weight")]
    public void Ldm_text_encoder_names_nest_under_text_model(string ldm, string internalName) =>
        Assert.Equal(internalName, LdmCheckpointNaming.TextEncoder(ldm));

    [Theory]
    [InlineData("encoder.mid_block.attentions.0.to_q.weight", "encoder.mid_block.attentions.0.query.weight")]
    [InlineData("decoder.mid_block.attentions.0.to_k.bias", "decoder.mid_block.attentions.0.key.bias")]
    [InlineData("decoder.mid_block.attentions.0.to_v.weight", "decoder.mid_block.attentions.0.value.weight")]
    [InlineData("encoder.mid_block.attentions.0.to_out.0.weight", "encoder.mid_block.attentions.0.proj_attn.weight")]
    [InlineData("encoder.mid_block.attentions.0.group_norm.weight", "encoder.mid_block.attentions.0.group_norm.weight")]
    [InlineData("encoder.mid_block.attentions.0.query.weight", "encoder.mid_block.attentions.0.query.weight")]
    [InlineData("decoder.up_blocks.0.resnets.0.conv1.weight", "decoder.up_blocks.0.resnets.0.conv1.weight")]
    public void Newer_diffusers_vae_attention_names_map_onto_the_09_names(string newer, string internalName) =>
        Assert.Equal(internalName, DiffusersNaming.Vae(newer));
}
