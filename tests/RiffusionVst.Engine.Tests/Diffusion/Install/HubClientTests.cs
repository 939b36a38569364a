using RiffusionVst.Engine.Diffusion.Install;

namespace RiffusionVst.Engine.Tests.Diffusion.Install;

public class HubClientTests
{
    [Fact]
    public void Resolve_and_listing_addresses_follow_the_hub_layout_with_the_revision_as_one_segment()
    {
        var hub = new HubClient(new HttpClient(), new Uri("https://hub.example/mirror"));
        Assert.Equal("https://hub.example/mirror/riffusion/riffusion-model-v1/resolve/refs%2Fpr%2F11/unet/diffusion_pytorch_model.safetensors",
            hub.ResolveUri("riffusion/riffusion-model-v1", "refs/pr/11", "unet/diffusion_pytorch_model.safetensors").AbsoluteUri);
        Assert.Equal("https://hub.example/mirror/api/models/riffusion/riffusion-model-v1/revision/main?blobs=true",
            hub.ListingUri("riffusion/riffusion-model-v1", "main").AbsoluteUri);
    }

    [Theory]
    [InlineData("riffusion/riffusion-model-v1", true)]
    [InlineData("runwayml/stable-diffusion-v1-5", true)]
    [InlineData("riffusion", false)]
    [InlineData("a/b/c", false)]
    [InlineData("../etc", false)]
    [InlineData("owner/na me", false)]
    public void Repository_names_are_owner_slash_name(string repository, bool valid) => Assert.Equal(valid, HubClient.IsRepositoryName(repository));

    [Fact]
    public void Selection_prefers_safetensors_and_lists_everything_missing_at_once()
    {
        HubFile F(string path) => new(path, 1, null, null);
        IReadOnlyList<HubFile> chosen = ModelFileSelection.Select(
        [
            F("unet/config.json"), F("unet/diffusion_pytorch_model.bin"), F("unet/diffusion_pytorch_model.safetensors"),
            F("vae/config.json"), F("vae/diffusion_pytorch_model.bin"), F("text_encoder/config.json"), F("text_encoder/pytorch_model.bin"),
            F("tokenizer/vocab.json"), F("tokenizer/merges.txt"), F("riffusion-model-v1.ckpt"), F("unet_traced/unet.pt"),
        ], "r/m", "main");
        Assert.Equal(
            ["unet/config.json", "unet/diffusion_pytorch_model.safetensors", "vae/config.json", "vae/diffusion_pytorch_model.bin",
             "text_encoder/config.json", "text_encoder/pytorch_model.bin", "tokenizer/vocab.json", "tokenizer/merges.txt"],
            chosen.Select(f => f.Path));

        var error = Assert.Throws<ModelInstallException>(() => ModelFileSelection.Select([F("unet/config.json"), F("riffusion-model-v1.ckpt")], "r/m", "main"));
        Assert.Contains("lacks unet/ weights (.safetensors or .bin), vae/config.json, vae/ weights (.safetensors or .bin), text_encoder/config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokenizer/merges.txt", error.Message, StringComparison.Ordinal);
    }
}
