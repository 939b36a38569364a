using RiffusionVst.Plugin.Core.Parameters;

namespace RiffusionVst.Plugin.Core.Processing;

/// <summary>A host automation point: a parameter takes a new normalised value at a sample offset within the block.</summary>
/// <param name="SampleOffset">Offset from the block's first sample; changes must come in ascending offset order.</param>
/// <param name="Id">Which parameter.</param>
/// <param name="NormalizedValue">New value in the host's 0–1 range (VST3 convention).</param>
public readonly record struct ParameterChange(int SampleOffset, ParameterId Id, float NormalizedValue);
