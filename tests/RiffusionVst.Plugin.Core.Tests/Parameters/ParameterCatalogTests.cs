using RiffusionVst.Plugin.Core.Parameters;

namespace RiffusionVst.Plugin.Core.Tests.Parameters;

public class ParameterCatalogTests
{
    [Fact]
    public void Every_id_has_its_descriptor_at_its_own_index_with_a_unique_key()
    {
        var ids = Enum.GetValues<ParameterId>();
        Assert.Equal(ids.Length, ParameterCatalog.Count);
        foreach (var id in ids)
            Assert.Equal(id, ParameterCatalog.Get(id).Id);
        Assert.Equal(ParameterCatalog.Count, ParameterCatalog.All.Select(d => d.Key).Distinct().Count());
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(1f / 3, 2f)]
    [InlineData(2f / 3, 4f)]
    [InlineData(1f, 8f)]
    [InlineData(0.4f, 2f)] // 0.4·3 = 1.2 rounds to choice 1
    public void Bars_map_normalised_values_to_one_two_four_eight(float normalized, float bars)
    {
        var d = ParameterCatalog.Get(ParameterId.Bars);
        Assert.Equal(bars, d.FromNormalized(normalized));
        Assert.Equal(3, d.StepCount);
    }

    [Fact]
    public void Normalised_round_trip_holds_for_every_parameter_at_min_default_and_max()
    {
        foreach (var d in ParameterCatalog.All)
        {
            foreach (float plain in new[] { d.Minimum, d.DefaultValue, d.Maximum })
            {
                float n = d.ToNormalized(plain);
                Assert.InRange(n, 0f, 1f);
                Assert.Equal(plain, d.FromNormalized(n), 3);
            }
        }
    }

    [Fact]
    public void Output_gain_maps_linearly_in_dB_over_minus_60_to_plus_12()
    {
        var d = ParameterCatalog.Get(ParameterId.OutputGain);
        // (−6 − (−60)) / 72 = 0.75
        Assert.Equal(0.75f, d.ToNormalized(-6f), 6);
        Assert.Equal(-6f, d.FromNormalized(0.75f), 4);
    }

    [Theory]
    [InlineData(ParameterId.OutputGain, -60f, "-inf dB")]
    [InlineData(ParameterId.OutputGain, -6f, "-6.0 dB")]
    [InlineData(ParameterId.Bars, 4f, "4 bars")]
    [InlineData(ParameterId.Alpha, 0.5f, "0.500")]
    [InlineData(ParameterId.PromptSlotB, 2f, "Slot 3")]
    [InlineData(ParameterId.SeedPattern, 1f, "Boom-bap")]
    [InlineData(ParameterId.Evolve, 1f, "On")]
    public void Display_text_names_the_value(ParameterId id, float plain, string expected) =>
        Assert.Equal(expected, ParameterCatalog.Get(id).Format(plain));

    [Fact]
    public void Sanitize_clamps_snaps_and_replaces_nan_with_the_default()
    {
        Assert.Equal(1f, ParameterCatalog.Get(ParameterId.Alpha).Sanitize(3f));
        Assert.Equal(4f, ParameterCatalog.Get(ParameterId.Bars).Sanitize(3.5f));
        Assert.Equal(12f, ParameterCatalog.Get(ParameterId.BeatsPerBar).Sanitize(11.6f));
        Assert.Equal(0.75f, ParameterCatalog.Get(ParameterId.Denoising).Sanitize(float.NaN));
    }
}
