using RiffusionVst.Engine.Diffusion.Schedulers;

namespace RiffusionVst.Engine.Tests.Diffusion.Schedulers;

public class SchedulerConfigTests
{
    private const string RiffusionJson = """
        {
          "_class_name": "PNDMScheduler",
          "_diffusers_version": "0.7.0.dev0",
          "beta_end": 0.012,
          "beta_schedule": "scaled_linear",
          "beta_start": 0.00085,
          "num_train_timesteps": 1000,
          "set_alpha_to_one": false,
          "skip_prk_steps": true,
          "steps_offset": 1,
          "trained_betas": null,
          "clip_sample": false
        }
        """;

    [Fact]
    public void Riffusion_config_parses_to_the_riffusion_preset()
    {
        Assert.Equal(SchedulerConfig.Riffusion, SchedulerConfig.FromJson(RiffusionJson));
    }

    [Fact]
    public void All_keys_are_read()
    {
        var c = SchedulerConfig.FromJson("""
            { "num_train_timesteps": 500, "beta_start": 0.0001, "beta_end": 0.02, "beta_schedule": "linear",
              "prediction_type": "v_prediction", "timestep_spacing": "trailing", "clip_sample": true,
              "clip_sample_range": 2.5, "original_inference_steps": 25, "timestep_scaling": 5.0 }
            """);
        Assert.Equal(500, c.NumTrainTimesteps);
        Assert.Equal(0.0001, c.BetaStart);
        Assert.Equal(0.02, c.BetaEnd);
        Assert.Equal(BetaSchedule.Linear, c.BetaSchedule);
        Assert.Equal(PredictionType.VPrediction, c.PredictionType);
        Assert.Equal(TimestepSpacing.Trailing, c.TimestepSpacing);
        Assert.True(c.ClipSample);
        Assert.Equal(2.5, c.ClipSampleRange);
        Assert.Equal(25, c.OriginalInferenceSteps);
        Assert.Equal(5.0, c.TimestepScaling);
        Assert.Null(c.SetAlphaToOne);
    }

    [Theory]
    [InlineData("""{ "beta_schedule": "sigmoid" }""", typeof(NotSupportedException))]
    [InlineData("""{ "prediction_type": "sample" }""", typeof(NotSupportedException))]
    [InlineData("""{ "trained_betas": [0.1, 0.2] }""", typeof(NotSupportedException))]
    [InlineData("""{ "steps_offset": "one" }""", typeof(InvalidDataException))]
    [InlineData("""[1, 2]""", typeof(InvalidDataException))]
    [InlineData("""{ not json""", typeof(InvalidDataException))]
    public void Bad_configs_are_rejected(string json, Type exception)
    {
        Assert.Throws(exception, () => SchedulerConfig.FromJson(json));
    }
}
