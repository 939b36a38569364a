using System.Buffers.Binary;
using System.Text.Json;
using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Engine.Tests.Diffusion.Noise;

public class NoiseSourceTests
{
    private const int Latent = 4 * 8 * 8;

    [Fact]
    public void Riffusion_noise_samples_the_VAE_and_noise_A_from_two_generators_at_the_start_seed()
    {
        var vae = new float[Latent];
        var a = new float[Latent];
        var b = new float[Latent];
        NoiseSource.Riffusion.Draw(42, 123, vae, a, b);
        Assert.Equal(TorchCpuGenerator.Create(42, Latent), vae);
        Assert.Equal(vae, a);
        Assert.Equal(TorchCpuGenerator.Create(123, Latent), b);
    }

    [Fact]
    public void Riffusion_avx2_noise_has_the_same_structure_with_torchs_avx2_kernel()
    {
        var vae = new float[Latent];
        var a = new float[Latent];
        var b = new float[Latent];
        NoiseSource.RiffusionAvx2.Draw(42, 123, vae, a, b);
        Assert.Equal(TorchCpuGenerator.Create(42, Latent, TorchCpuKernel.Avx2), vae);
        Assert.Equal(vae, a);
        Assert.Equal(TorchCpuGenerator.Create(123, Latent, TorchCpuKernel.Avx2), b);
        Assert.NotEqual(TorchCpuGenerator.Create(42, Latent), a);
    }

    [Fact]
    public void Portable_noise_draws_the_VAE_noise_then_noise_A_from_one_stream()
    {
        var vae = new float[Latent];
        var a = new float[Latent];
        var b = new float[Latent];
        NoiseSource.Portable.Draw(42, 123, vae, a, b);
        float[] stream = GaussianNoise.Create(42, 2 * Latent);
        Assert.Equal(stream[..Latent], vae);
        Assert.Equal(stream[Latent..], a);
        Assert.Equal(GaussianNoise.Create(123, Latent), b);
    }

    [Fact]
    public void Riffusion_noise_equals_the_noise_riffusions_own_pipeline_drew_with_torch()
    {
        // tests/reference/diffusers: Riffusion's riffuse with torch CPU generators, start seed 42, end seed 123, 1×4×8×8.
        var golden = ReadSafetensors(Path.Combine(AppContext.BaseDirectory, "Fixtures", "diffusers-small", "golden", "riffuse.safetensors"));
        var vae = new float[Latent];
        var a = new float[Latent];
        var b = new float[Latent];
        NoiseSource.Riffusion.Draw(42, 123, vae, a, b);
        Assert.Equal(golden["torch.vae_noise"], vae);
        Assert.Equal(golden["torch.noise_a"], a);
        Assert.Equal(golden["torch.noise_b"], b);
    }

    [Fact]
    public void Without_a_seed_image_riffusion_noise_A_is_the_same_tensor()
    {
        var a = new float[Latent];
        var b = new float[Latent];
        NoiseSource.Riffusion.Draw(7, 8, [], a, b);
        Assert.Equal(TorchCpuGenerator.Create(7, Latent), a);
        Assert.Equal(TorchCpuGenerator.Create(8, Latent), b);
    }

    [Theory]
    [InlineData(null, NoiseNames.Portable)]
    [InlineData("", NoiseNames.Portable)]
    [InlineData("portable", NoiseNames.Portable)]
    [InlineData(" Riffusion ", NoiseNames.Riffusion)]
    [InlineData("riffusion-AVX2", NoiseNames.RiffusionAvx2)]
    public void Names_from_the_protocol_choose_the_source(string? name, string expected) =>
        Assert.Equal(expected, NoiseSource.FromName(name).Name);

    [Fact]
    public void An_unknown_name_is_refused_with_the_names_to_use()
    {
        var error = Assert.Throws<ArgumentException>(() => NoiseSource.FromName("numpy"));
        Assert.Equal("Unknown noise 'numpy'; use one of: portable, riffusion, riffusion-avx2.", error.Message);
    }

    [Fact]
    public void Fixed_noise_hands_out_its_tensors_and_refuses_another_latent_size()
    {
        float[] vae = [1, 2], a = [3, 4], b = [5, 6];
        var source = new FixedNoise(vae, a, b);
        var outVae = new float[2];
        var outA = new float[2];
        var outB = new float[2];
        source.Draw(0, 0, outVae, outA, outB);
        Assert.Equal(vae, outVae);
        Assert.Equal(a, outA);
        Assert.Equal(b, outB);
        var error = Assert.Throws<ArgumentException>(() => source.Draw(0, 0, [], new float[3], new float[3]));
        Assert.Equal("The fixed noise has 2 values a tensor; this generation's latent has 3.", error.Message);
    }

    /// <summary>The F32 tensors of a safetensors file (8-byte little-endian header length, JSON header, raw data).</summary>
    internal static Dictionary<string, float[]> ReadSafetensors(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var tensors = new Dictionary<string, float[]>();
        foreach (JsonProperty tensor in header.RootElement.EnumerateObject())
        {
            if (tensor.Name == "__metadata__" || tensor.Value.GetProperty("dtype").GetString() != "F32")
            {
                continue;
            }

            JsonElement offsets = tensor.Value.GetProperty("data_offsets");
            int start = 8 + headerLength + offsets[0].GetInt32(), end = 8 + headerLength + offsets[1].GetInt32();
            var values = new float[(end - start) / 4];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + 4 * i));
            }

            tensors[tensor.Name] = values;
        }

        return tensors;
    }
}
