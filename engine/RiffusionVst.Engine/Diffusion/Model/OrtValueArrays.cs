using Microsoft.ML.OnnxRuntime;

namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>Kept argument arrays for Session.Run so a step does not allocate them each time.</summary>
internal sealed class OrtValueArrays
{
    private readonly OrtValue[] _three = new OrtValue[3];
    private readonly OrtValue[] _one = new OrtValue[1];

    /// <summary>The three input values in order.</summary>
    public OrtValue[] Inputs(ReusableTensor a, ReusableTensor b, ReusableTensor c)
    {
        _three[0] = a.Value;
        _three[1] = b.Value;
        _three[2] = c.Value;
        return _three;
    }

    /// <summary>The single output value.</summary>
    public OrtValue[] Outputs(ReusableTensor output)
    {
        _one[0] = output.Value;
        return _one;
    }
}
