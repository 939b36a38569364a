namespace RiffusionVst.Engine.Diffusion.Weights.Torch;

/// <summary>A storage named by a pickle's persistent id <c>('storage', type, key, location, numel)</c>.</summary>
/// <param name="Key">Name of its record, <c>&lt;archive&gt;/data/&lt;key&gt;</c>.</param>
/// <param name="TypeName">The torch storage class, e.g. <c>FloatStorage</c>.</param>
/// <param name="DataType">The float type, or null for integer and other storages (not weights).</param>
/// <param name="ElementSize">Bytes per element.</param>
/// <param name="ElementCount">Elements in the storage.</param>
public sealed record TorchStorage(string Key, string TypeName, WeightDataType? DataType, int ElementSize, long ElementCount);
