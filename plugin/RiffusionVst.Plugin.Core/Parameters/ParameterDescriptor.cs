using System.Globalization;

namespace RiffusionVst.Plugin.Core.Parameters;

/// <summary>Range, default, host mapping and display text of one parameter; immutable.</summary>
public sealed class ParameterDescriptor
{
    private readonly float[] _choiceValues;
    private readonly string[] _choiceLabels;

    private ParameterDescriptor(
        ParameterId id, string key, string name, string unit, ParameterKind kind,
        float minimum, float maximum, float defaultValue, int decimals,
        float[] choiceValues, string[] choiceLabels, string? minimumLabel)
    {
        Id = id;
        Key = key;
        Name = name;
        Unit = unit;
        Kind = kind;
        Minimum = minimum;
        Maximum = maximum;
        DefaultValue = defaultValue;
        Decimals = decimals;
        _choiceValues = choiceValues;
        _choiceLabels = choiceLabels;
        MinimumLabel = minimumLabel;
    }

    /// <summary>Which parameter this describes.</summary>
    public ParameterId Id { get; }

    /// <summary>Stable identifier used in saved state (never shown, never translated).</summary>
    public string Key { get; }

    /// <summary>Name shown by hosts.</summary>
    public string Name { get; }

    /// <summary>Unit shown after the value ("dB", "%"), or empty.</summary>
    public string Unit { get; }

    /// <summary>How the value maps to the normalised range.</summary>
    public ParameterKind Kind { get; }

    /// <summary>Smallest plain value.</summary>
    public float Minimum { get; }

    /// <summary>Largest plain value.</summary>
    public float Maximum { get; }

    /// <summary>Plain value of a fresh instance.</summary>
    public float DefaultValue { get; }

    /// <summary>Digits after the decimal point in display text.</summary>
    public int Decimals { get; }

    /// <summary>Text shown at the minimum instead of the number (e.g. "-inf"), or null.</summary>
    public string? MinimumLabel { get; }

    /// <summary>Plain values of a choice parameter, in order; empty for other kinds.</summary>
    public IReadOnlyList<float> ChoiceValues => _choiceValues;

    /// <summary>Labels of a choice parameter, in order; empty for other kinds.</summary>
    public IReadOnlyList<string> ChoiceLabels => _choiceLabels;

    /// <summary>Number of steps hosts should offer (0 = continuous), as VST3's stepCount.</summary>
    public int StepCount => Kind switch
    {
        ParameterKind.Integer => (int)(Maximum - Minimum),
        ParameterKind.Choice => _choiceValues.Length - 1,
        ParameterKind.Toggle => 1,
        _ => 0,
    };

    /// <summary>A continuous parameter.</summary>
    internal static ParameterDescriptor Continuous(ParameterId id, string key, string name, string unit,
        float minimum, float maximum, float defaultValue, int decimals, string? minimumLabel = null) =>
        new(id, key, name, unit, ParameterKind.Continuous, minimum, maximum, defaultValue, decimals, [], [], minimumLabel);

    /// <summary>A whole-number parameter.</summary>
    internal static ParameterDescriptor Integer(ParameterId id, string key, string name, int minimum, int maximum, int defaultValue) =>
        new(id, key, name, "", ParameterKind.Integer, minimum, maximum, defaultValue, 0, [], [], null);

    /// <summary>A parameter that takes one of the listed plain values.</summary>
    internal static ParameterDescriptor Choice(ParameterId id, string key, string name, float[] values, string[] labels, float defaultValue) =>
        new(id, key, name, "", ParameterKind.Choice, values[0], values[^1], defaultValue, 0, values, labels, null);

    /// <summary>An on/off parameter.</summary>
    internal static ParameterDescriptor Toggle(ParameterId id, string key, string name, bool defaultValue) =>
        new(id, key, name, "", ParameterKind.Toggle, 0, 1, defaultValue ? 1 : 0, 0, [], [], null);

    /// <summary>Brings any value into range and onto the parameter's steps; NaN becomes the default. Allocation-free.</summary>
    public float Sanitize(float plain)
    {
        if (float.IsNaN(plain))
            return DefaultValue;
        switch (Kind)
        {
            case ParameterKind.Integer:
                return MathF.Round(Math.Clamp(plain, Minimum, Maximum));
            case ParameterKind.Toggle:
                return plain >= 0.5f ? 1f : 0f;
            case ParameterKind.Choice:
                return _choiceValues[NearestChoice(plain)];
            default:
                return Math.Clamp(plain, Minimum, Maximum);
        }
    }

    /// <summary>Maps a plain value to the host's 0–1 range. Allocation-free.</summary>
    public float ToNormalized(float plain)
    {
        plain = Sanitize(plain);
        return Kind switch
        {
            ParameterKind.Choice => _choiceValues.Length == 1 ? 0f : NearestChoice(plain) / (float)(_choiceValues.Length - 1),
            _ => Maximum == Minimum ? 0f : (plain - Minimum) / (Maximum - Minimum),
        };
    }

    /// <summary>Maps the host's 0–1 value to a plain value on the parameter's steps. Allocation-free.</summary>
    public float FromNormalized(float normalized)
    {
        if (float.IsNaN(normalized))
            return DefaultValue;
        normalized = Math.Clamp(normalized, 0f, 1f);
        return Kind switch
        {
            ParameterKind.Choice => _choiceValues[(int)MathF.Round(normalized * (_choiceValues.Length - 1))],
            _ => Sanitize(Minimum + normalized * (Maximum - Minimum)),
        };
    }

    /// <summary>Display text for a plain value, with unit (not for the audio thread: it allocates).</summary>
    public string Format(float plain)
    {
        plain = Sanitize(plain);
        string text = Kind switch
        {
            ParameterKind.Choice => _choiceLabels[NearestChoice(plain)],
            ParameterKind.Toggle => plain >= 0.5f ? "On" : "Off",
            _ when MinimumLabel is not null && plain <= Minimum => MinimumLabel,
            _ => plain.ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        };
        return Unit.Length == 0 ? text : text + " " + Unit;
    }

    private int NearestChoice(float plain)
    {
        int best = 0;
        float bestDistance = float.PositiveInfinity;
        for (int i = 0; i < _choiceValues.Length; i++)
        {
            float distance = MathF.Abs(_choiceValues[i] - plain);
            if (distance < bestDistance)
            {
                best = i;
                bestDistance = distance;
            }
        }
        return best;
    }
}
