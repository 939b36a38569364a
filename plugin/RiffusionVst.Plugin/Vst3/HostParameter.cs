using System.Globalization;
using AudioPlugSharp;
using RiffusionVst.Plugin.Core.Parameters;

namespace RiffusionVst.Plugin.Vst3;

/// <summary>
/// One core parameter as AudioPlugSharp shows it to the host: same key, name, range and
/// default, with the core's normalised mapping (choices and whole numbers snap to their steps)
/// and the core's display text. Plain values are the core's plain values.
/// </summary>
internal sealed class HostParameter : AudioPluginParameter
{
    /// <summary>Mirrors <paramref name="descriptor"/>.</summary>
    public HostParameter(ParameterDescriptor descriptor)
    {
        Descriptor = descriptor ?? throw new ArgumentNullException(nameof(descriptor));
        ID = descriptor.Key;
        Name = descriptor.Name;
        MinValue = descriptor.Minimum;
        MaxValue = descriptor.Maximum;
        DefaultValue = descriptor.DefaultValue;
        // Only used by AudioPlugSharp's own editors; hosts get DisplayValue below.
        ValueFormat = "{0:F" + descriptor.Decimals.ToString(CultureInfo.InvariantCulture) + "}";
    }

    /// <summary>The core parameter this mirrors.</summary>
    public ParameterDescriptor Descriptor { get; }

    /// <summary>Which core parameter this mirrors.</summary>
    public ParameterId Id => Descriptor.Id;

    /// <summary>Host text for the current value, e.g. "4 bars", "-inf dB", "0.750".</summary>
    public override string DisplayValue => Descriptor.Format((float)EditValue);

    /// <summary>Plain to 0–1 through the core's mapping. Allocation-free (called on the audio thread).</summary>
    public override double GetValueNormalized(double value) => Descriptor.ToNormalized((float)value);

    /// <summary>0–1 to plain through the core's mapping. Allocation-free (called on the audio thread).</summary>
    public override double GetValueDenormalized(double value) => Descriptor.FromNormalized((float)value);
}
