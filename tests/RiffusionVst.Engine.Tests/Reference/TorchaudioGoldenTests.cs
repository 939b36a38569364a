using System.Text.Json;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Tests.Reference;

/// <summary>Our STFT and mel bank against values torchaudio 0.13 computed (tests/reference/riffusion_reference.py golden).</summary>
public class TorchaudioGoldenTests
{
    private static readonly JsonElement Golden = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "reference", "golden_dsp.json"))).RootElement;

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void Mel_filter_bank_matches_torchaudio_melscale_fbanks()
    {
        var bank = new MelFilterBank(SpectrogramParameters.Riffusion);
        var golden = Golden.GetProperty("mel_filter_bank");
        foreach (var band in golden.GetProperty("bands").EnumerateArray())
        {
            int b = band.GetProperty("band").GetInt32();
            var bins = band.GetProperty("bins").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var values = Doubles(band.GetProperty("values_float64"));
            for (int i = 0; i < bins.Length; i++)
            {
                Assert.True(Math.Abs(bank.Weight(b, bins[i]) - values[i]) <= 1e-5 + (1e-4 * values[i]),
                    $"band {b} bin {bins[i]}: ours {bank.Weight(b, bins[i])}, torchaudio {values[i]}");
            }

            int first = band.GetProperty("first_nonzero_bin").GetInt32();
            Assert.Equal(0f, bank.Weight(b, first - 1));
            double sum = Enumerable.Range(0, bank.Bins).Sum(k => (double)bank.Weight(b, k));
            double want = golden.GetProperty("column_sums_float64").GetProperty(b.ToString()).GetDouble();
            Assert.Equal(want, sum, want * 1e-4);
        }
    }

    [Fact]
    public void Stft_magnitudes_match_torch_stft_with_reflect_padding_and_periodic_hann()
    {
        var golden = Golden.GetProperty("stft");
        int n = golden.GetProperty("samples").GetInt32();
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)(Math.Sin(2 * Math.PI * 1000 * i / 44_100.0) + (0.3 * Math.Sin(2 * Math.PI * 300 * i / 44_100.0)));
        }

        var stft = new Stft(SpectrogramParameters.Riffusion);
        var magnitudes = stft.ForwardMagnitudes(x);
        Assert.Equal(golden.GetProperty("frame_count").GetInt32(), magnitudes.Frames);
        foreach (var frame in golden.GetProperty("frames").EnumerateObject())
        {
            int f = int.Parse(frame.Name);
            foreach (var range in frame.Value.EnumerateObject())
            {
                var bins = range.Value.GetProperty("bins").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var want = Doubles(range.Value.GetProperty("magnitude_float64"));
                for (int i = 0; i < bins.Length; i++)
                {
                    // float32 transforms of a signal peaking near 1 100: absolute error well under 0.01.
                    Assert.True(Math.Abs(magnitudes.Frame(f)[bins[i]] - want[i]) <= 0.01 + (1e-4 * want[i]),
                        $"frame {f} bin {bins[i]}: ours {magnitudes.Frame(f)[bins[i]]}, torch {want[i]}");
                }
            }
        }
    }

    [Fact]
    public void Frame_counts_follow_one_plus_floor_n_over_hop()
    {
        var stft = new Stft(SpectrogramParameters.Riffusion);
        foreach (var entry in Golden.GetProperty("frame_counts").GetProperty("by_samples").EnumerateObject())
        {
            Assert.Equal(entry.Value.GetInt32(), stft.FrameCount(int.Parse(entry.Name)));
        }
    }
}
