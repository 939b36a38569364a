namespace RiffusionVst.Engine.Diffusion.Weights.Torch;

/// <summary>A global a pickle named (module and name) that the restricted unpickler allowed.</summary>
/// <param name="Module">Module, e.g. <c>torch._utils</c>.</param>
/// <param name="Name">Name in the module, e.g. <c>_rebuild_tensor_v2</c>.</param>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}
