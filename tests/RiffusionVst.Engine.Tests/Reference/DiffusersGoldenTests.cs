using System.Buffers.Binary;
using System.Text.Json;
using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Pipeline;
using RiffusionVst.Engine.Diffusion.Schedulers;
using RiffusionVst.Engine.Diffusion.Text;
using RiffusionVst.Engine.Tests.Diffusion.Noise;

namespace RiffusionVst.Engine.Tests.Reference;

/// <summary>
/// The parts of the golden riffuse runs (tests/reference/diffusers) that need no graphs: tokens, the scheduler's
/// timesteps and Riffusion's window on them. The graphs' own comparison lives with the graph builder's tests.
/// </summary>
public class DiffusersGoldenTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "diffusers-small");
    private static readonly JsonElement Report = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "golden", "golden.json"))).RootElement;

    [Fact]
    public void Our_tokenizer_gives_transformers_token_ids_for_the_golden_prompts()
    {
        var tokenizer = ClipTokenizer.FromDirectory(Path.Combine(Folder, "model", "tokenizer"));
        long[] expected = ReadInt64(Path.Combine(Folder, "golden", "components.safetensors"), "text.input_ids");
        string[] prompts = [.. Report.GetProperty("prompts").EnumerateArray().Select(p => p.GetString()!)];
        Assert.Equal(3, prompts.Length);
        for (int i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(expected.Skip(77 * i).Take(77).Select(v => (int)v), tokenizer.Encode(prompts[i]));
        }
    }

    [Theory]
    [InlineData("start")]
    [InlineData("end")]
    public void Our_prompt_weighting_gives_the_tokens_and_weights_riffusions_fed_its_text_encoder(string end)
    {
        var tokenizer = ClipTokenizer.FromDirectory(Path.Combine(Folder, "model", "tokenizer"));
        string riffuse = Path.Combine(Folder, "golden", "riffuse.safetensors");
        string prompt = Report.GetProperty("riffuse").GetProperty(end).GetProperty("prompt").GetString()!;
        WeightedPromptTokens weighted = WeightedPromptTokens.Create(tokenizer, prompt);
        Assert.Equal(1, weighted.ChunkCount);
        Assert.Equal(ReadInt64(riffuse, $"prompt.{end}.input_ids").Select(v => (int)v), weighted.ChunkIds[0]);
        Assert.Equal(NoiseSourceTests.ReadSafetensors(riffuse)[$"prompt.{end}.weights"], weighted.ChunkWeights[0]);
    }

    [Fact]
    public void Our_pndm_and_riffusions_window_run_the_timesteps_riffusions_pipeline_ran()
    {
        var config = SchedulerConfig.FromFile(Path.Combine(Folder, "model", "scheduler", "scheduler_config.json"));
        var scheduler = new PndmScheduler(config);
        JsonElement riffuse = Report.GetProperty("riffuse");
        int steps = riffuse.GetProperty("num_inference_steps").GetInt32();
        double alpha = riffuse.GetProperty("alpha").GetDouble();
        double strength = (riffuse.GetProperty("start").GetProperty("denoising").GetDouble() * (1 - alpha))
            + (riffuse.GetProperty("end").GetProperty("denoising").GetDouble() * alpha);
        scheduler.SetTimesteps(steps);
        Assert.Equal(Report.GetProperty("riffuse_scheduler_timesteps").EnumerateArray().Select(t => t.GetInt32()), scheduler.Timesteps);

        DenoisingWindow window = DenoisingWindow.ForImageToImage(steps, strength, config.StepsOffset, scheduler.Timesteps.Count);
        Assert.Equal(601, scheduler.Timesteps[window.NoiseIndex]);
        Assert.Equal([601, 501, 401, 301, 201, 101, 1], scheduler.Timesteps.Skip(window.StartIndex));
    }

    [Theory]
    [InlineData("injected.")]
    [InlineData("torch.")]
    public void Our_slerp_and_add_noise_give_riffusions_noised_seed_latent(string run)
    {
        var golden = NoiseSourceTests.ReadSafetensors(Path.Combine(Folder, "golden", "riffuse.safetensors"));
        double alpha = Report.GetProperty("riffuse").GetProperty("alpha").GetDouble();
        float[] a = golden[run + "noise_a"], b = golden[run + "noise_b"];
        var noise = new float[a.Length];
        Slerp.Interpolate(alpha, a, b, noise);
        Assert.True(MaxDifference(golden[run + "noise"], noise) <= 1e-6, $"slerp differs by {MaxDifference(golden[run + "noise"], noise)}");

        var scheduler = new PndmScheduler(SchedulerConfig.FromFile(Path.Combine(Folder, "model", "scheduler", "scheduler_config.json")));
        scheduler.SetTimesteps(Report.GetProperty("riffuse").GetProperty("num_inference_steps").GetInt32());
        var noised = new float[a.Length];
        scheduler.AddNoise(golden[run + "init_latents"], golden[run + "noise"], 601, noised);
        Assert.True(MaxDifference(golden[run + "noised_latents"], noised) <= 1e-6, $"add_noise differs by {MaxDifference(golden[run + "noised_latents"], noised)}");
    }

    [Theory]
    [InlineData("injected.")]
    [InlineData("torch.")]
    public void Our_pndm_steps_riffusions_latents_given_its_guided_noise(string run)
    {
        var golden = NoiseSourceTests.ReadSafetensors(Path.Combine(Folder, "golden", "riffuse.safetensors"));
        var scheduler = new PndmScheduler(SchedulerConfig.FromFile(Path.Combine(Folder, "model", "scheduler", "scheduler_config.json")));
        scheduler.SetTimesteps(Report.GetProperty("riffuse").GetProperty("num_inference_steps").GetInt32());
        int[] timesteps = [601, 501, 401, 301, 201, 101, 1];
        float[] latents = golden[run + "noised_latents"].ToArray();
        float[] guided = golden[run + "step_guided_noise"], expected = golden[run + "step_latents"];
        int n = latents.Length;
        for (int i = 0; i < timesteps.Length; i++)
        {
            scheduler.Step(guided.AsSpan(i * n, n), timesteps[i], latents);
            double scale = expected.Skip(i * n).Take(n).Max(v => Math.Abs((double)v));
            double difference = MaxDifference(expected[(i * n)..((i + 1) * n)], latents);
            Assert.True(difference <= 1e-5 * scale, $"step {i} (t = {timesteps[i]}) differs by {difference} (scale {scale})");
        }
    }

    private static double MaxDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (x, y) => Math.Abs((double)x - y)).Max();
    }

    private static long[] ReadInt64(string path, string name)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        JsonElement tensor = header.RootElement.GetProperty(name);
        Assert.Equal("I64", tensor.GetProperty("dtype").GetString());
        int start = 8 + headerLength + tensor.GetProperty("data_offsets")[0].GetInt32();
        int end = 8 + headerLength + tensor.GetProperty("data_offsets")[1].GetInt32();
        var values = new long[(end - start) / 8];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(start + (8 * i)));
        }

        return values;
    }
}
