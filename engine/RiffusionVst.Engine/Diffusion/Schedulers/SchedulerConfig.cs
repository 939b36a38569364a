using System.Text.Json;

namespace RiffusionVst.Engine.Diffusion.Schedulers;

/// <summary>
/// The settings of a model's scheduler/scheduler_config.json (diffusers names in brackets). Keys whose
/// default differs between diffusers scheduler classes are nullable: null means "that scheduler's own default".
/// </summary>
public sealed record SchedulerConfig
{
    /// <summary>The diffusers class the model was saved with ("_class_name"), e.g. PNDMScheduler; null if absent.</summary>
    public string? ClassName { get; init; }

    /// <summary>Number of training steps N ("num_train_timesteps").</summary>
    public int NumTrainTimesteps { get; init; } = 1000;

    /// <summary>First β ("beta_start").</summary>
    public double BetaStart { get; init; } = 0.00085;

    /// <summary>Last β ("beta_end").</summary>
    public double BetaEnd { get; init; } = 0.012;

    /// <summary>Shape of the β curve ("beta_schedule").</summary>
    public BetaSchedule BetaSchedule { get; init; } = BetaSchedule.ScaledLinear;

    /// <summary>Added to "leading" timesteps ("steps_offset"; 1 for SD 1.x).</summary>
    public int StepsOffset { get; init; }

    /// <summary>Whether ᾱ before step 0 is 1 rather than ᾱ₀ ("set_alpha_to_one"); null: the scheduler's default.</summary>
    public bool? SetAlphaToOne { get; init; }

    /// <summary>PNDM: skip the Runge–Kutta warm-up ("skip_prk_steps"). Only the PLMS path is implemented; it is used either way.</summary>
    public bool SkipPrkSteps { get; init; } = true;

    /// <summary>What the UNet predicts ("prediction_type").</summary>
    public PredictionType PredictionType { get; init; } = PredictionType.Epsilon;

    /// <summary>How inference timesteps are spaced ("timestep_spacing"); null: the scheduler's default.</summary>
    public TimestepSpacing? TimestepSpacing { get; init; }

    /// <summary>Clamp the predicted clean sample to ±<see cref="ClipSampleRange"/> ("clip_sample"); null: the scheduler's default.</summary>
    public bool? ClipSample { get; init; }

    /// <summary>Clamp bound for <see cref="ClipSample"/> ("clip_sample_range").</summary>
    public double ClipSampleRange { get; init; } = 1.0;

    /// <summary>LCM: the step count the consistency model was distilled on ("original_inference_steps").</summary>
    public int OriginalInferenceSteps { get; init; } = 50;

    /// <summary>LCM: factor on t in the boundary-condition scalings ("timestep_scaling").</summary>
    public double TimestepScaling { get; init; } = 10.0;

    /// <summary>The scheduler_config.json of riffusion-model-v1 (PNDM, SD 1.x betas, steps_offset 1).</summary>
    public static SchedulerConfig Riffusion { get; } = new()
    {
        ClassName = "PNDMScheduler",
        StepsOffset = 1,
        SetAlphaToOne = false,
        SkipPrkSteps = true,
        ClipSample = false,
    };

    /// <summary>Reads a scheduler_config.json file.</summary>
    public static SchedulerConfig FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Scheduler config '{path}' is missing; a model folder needs scheduler/scheduler_config.json.", path);
        }

        return FromJson(File.ReadAllText(path));
    }

    /// <summary>Parses scheduler_config.json text; absent keys keep their defaults, unknown keys are ignored.</summary>
    public static SchedulerConfig FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"scheduler_config.json is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("scheduler_config.json must be a JSON object.");
            }

            if (root.TryGetProperty("trained_betas", out JsonElement trained) && trained.ValueKind != JsonValueKind.Null)
            {
                throw new NotSupportedException("scheduler_config.json sets trained_betas; explicit β lists are not supported, use beta_start/beta_end/beta_schedule.");
            }

            var config = new SchedulerConfig();
            return config with
            {
                ClassName = String(root, "_class_name") ?? config.ClassName,
                NumTrainTimesteps = Int(root, "num_train_timesteps") ?? config.NumTrainTimesteps,
                BetaStart = Double(root, "beta_start") ?? config.BetaStart,
                BetaEnd = Double(root, "beta_end") ?? config.BetaEnd,
                BetaSchedule = String(root, "beta_schedule") is { } bs ? ParseBetaSchedule(bs) : config.BetaSchedule,
                StepsOffset = Int(root, "steps_offset") ?? config.StepsOffset,
                SetAlphaToOne = Bool(root, "set_alpha_to_one") ?? config.SetAlphaToOne,
                SkipPrkSteps = Bool(root, "skip_prk_steps") ?? config.SkipPrkSteps,
                PredictionType = String(root, "prediction_type") is { } pt ? ParsePredictionType(pt) : config.PredictionType,
                TimestepSpacing = String(root, "timestep_spacing") is { } ts ? ParseSpacing(ts) : config.TimestepSpacing,
                ClipSample = Bool(root, "clip_sample") ?? config.ClipSample,
                ClipSampleRange = Double(root, "clip_sample_range") ?? config.ClipSampleRange,
                OriginalInferenceSteps = Int(root, "original_inference_steps") ?? config.OriginalInferenceSteps,
                TimestepScaling = Double(root, "timestep_scaling") ?? config.TimestepScaling,
            };
        }
    }

    /// <summary>Checks the values a scheduler relies on; throws with the offending key named.</summary>
    internal void Validate()
    {
        if (NumTrainTimesteps < 2)
        {
            throw new InvalidDataException($"num_train_timesteps is {NumTrainTimesteps}; it must be at least 2 (1000 for SD).");
        }

        if (!(BetaStart > 0 && BetaEnd > 0 && BetaStart < 1 && BetaEnd < 1))
        {
            throw new InvalidDataException($"beta_start {BetaStart} and beta_end {BetaEnd} must lie in (0, 1).");
        }
    }

    private static BetaSchedule ParseBetaSchedule(string value) => value switch
    {
        "linear" => BetaSchedule.Linear,
        "scaled_linear" => BetaSchedule.ScaledLinear,
        "squaredcos_cap_v2" => BetaSchedule.SquaredCosCapV2,
        _ => throw new NotSupportedException($"beta_schedule '{value}' is not supported; use linear, scaled_linear or squaredcos_cap_v2."),
    };

    private static PredictionType ParsePredictionType(string value) => value switch
    {
        "epsilon" => PredictionType.Epsilon,
        "v_prediction" => PredictionType.VPrediction,
        _ => throw new NotSupportedException($"prediction_type '{value}' is not supported; use epsilon or v_prediction."),
    };

    private static TimestepSpacing ParseSpacing(string value) => value switch
    {
        "leading" => Schedulers.TimestepSpacing.Leading,
        "trailing" => Schedulers.TimestepSpacing.Trailing,
        "linspace" => Schedulers.TimestepSpacing.Linspace,
        _ => throw new NotSupportedException($"timestep_spacing '{value}' is not supported; use leading, trailing or linspace."),
    };

    private static JsonElement? Get(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement e) && e.ValueKind != JsonValueKind.Null ? e : null;

    private static string? String(JsonElement root, string name) => Get(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => throw new InvalidDataException($"scheduler_config.json: '{name}' must be a string."),
    };

    private static int? Int(JsonElement root, string name) => Get(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out int v) => v,
        _ => throw new InvalidDataException($"scheduler_config.json: '{name}' must be an integer."),
    };

    private static double? Double(JsonElement root, string name) => Get(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        _ => throw new InvalidDataException($"scheduler_config.json: '{name}' must be a number."),
    };

    private static bool? Bool(JsonElement root, string name) => Get(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new InvalidDataException($"scheduler_config.json: '{name}' must be true or false."),
    };
}
