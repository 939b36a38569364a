using System.Runtime.InteropServices;
using System.Text.Json;
using RiffusionVst.Engine.Diffusion.Noise;

namespace RiffusionVst.Engine.Tests.Diffusion.Noise;

/// <summary>Bit-exact comparison with torch 1.13's own <c>torch.randn</c> (tests/reference/torch_randn).</summary>
public class TorchCpuGeneratorTests
{
    private static JsonElement Load(string name) => JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch-randn", name))).RootElement;

    private static readonly JsonElement Golden = Load("randn.json");
    private static readonly JsonElement GoldenAvx2 = Load("randn_avx2.json");

    public static TheoryData<TorchCpuKernel, int> Cases()
    {
        var data = new TheoryData<TorchCpuKernel, int>();
        foreach (TorchCpuKernel kernel in Enum.GetValues<TorchCpuKernel>())
        {
            for (int i = 0; i < (kernel == TorchCpuKernel.Avx2 ? GoldenAvx2 : Golden).GetProperty("cases").GetArrayLength(); i++)
            {
                data.Add(kernel, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_randn_call_equals_torchs_to_the_bit(TorchCpuKernel kernel, int index)
    {
        JsonElement test = (kernel == TorchCpuKernel.Avx2 ? GoldenAvx2 : Golden).GetProperty("cases")[index];
        long seed = test.GetProperty("seed").GetInt64();
        var generator = new TorchCpuGenerator(seed, kernel);
        int call = 0;
        foreach (JsonElement expectedCall in test.GetProperty("calls").EnumerateArray())
        {
            float[] expected = MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(expectedCall.GetProperty("float32_le_base64").GetString()!)).ToArray();
            var actual = new float[expected.Length];
            generator.Randn(actual);
            int mismatches = 0, first = -1;
            for (int i = 0; i < expected.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                {
                    mismatches++;
                    first = first < 0 ? i : first;
                }
            }

            Assert.True(mismatches == 0, $"{kernel}: seed {seed}, call {call} ({expected.Length} values): {mismatches} differ, first at {first} " +
                (first < 0 ? "" : $"(torch {expected[first]:R}, ours {actual[first]:R})"));
            call++;
        }
    }

    [Fact]
    public void The_two_kernels_differ_in_the_last_bits_of_large_tensors_only()
    {
        float[] portable = TorchCpuGenerator.Create(42, 16384), avx2 = TorchCpuGenerator.Create(42, 16384, TorchCpuKernel.Avx2);
        int differing = portable.Zip(avx2).Count(p => p.First != p.Second);
        Assert.InRange(differing, 1000, 10000);
        Assert.True(portable.Zip(avx2).Max(p => Math.Abs(p.First - p.Second)) < 1e-5);
        Assert.Equal(TorchCpuGenerator.Create(42, 15), TorchCpuGenerator.Create(42, 15, TorchCpuKernel.Avx2));
    }

    [Fact]
    public void The_golden_values_come_from_torchs_two_kernels()
    {
        Assert.Equal("default", Golden.GetProperty("aten_cpu_capability").GetString());
        Assert.Equal("avx2", GoldenAvx2.GetProperty("aten_cpu_capability").GetString());
        Assert.StartsWith("1.13", Golden.GetProperty("torch").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_value_of_seed_42_is_the_one_every_torch_user_knows()
    {
        // torch.randn(1, generator=torch.Generator().manual_seed(42)) prints tensor([0.3367]).
        Assert.Equal(0.3367, TorchCpuGenerator.Create(42, 1)[0], 4);
    }

    [Fact]
    public void Only_the_low_32_bits_of_the_seed_count_as_in_torch()
    {
        Assert.Equal(TorchCpuGenerator.Create(42, 20), TorchCpuGenerator.Create((1L << 32) + 42, 20));
        Assert.NotEqual(TorchCpuGenerator.Create(42, 20), TorchCpuGenerator.Create(43, 20));
    }

    [Fact]
    public void A_tensor_drawn_in_two_parts_differs_from_one_drawn_at_once_as_in_torch()
    {
        // 20 at once: a block of 16, then the last 16 drawn afresh. 16 then 4: a block, then the scalar path.
        float[] once = TorchCpuGenerator.Create(5, 20);
        var parts = new float[20];
        var generator = new TorchCpuGenerator(5);
        generator.Randn(parts.AsSpan(0, 16));
        generator.Randn(parts.AsSpan(16, 4));
        Assert.Equal(once[..4], parts[..4]);
        Assert.NotEqual(once[4..], parts[4..]);
    }
}
