namespace RiffusionVst.Engine.Diffusion.TinyModel;

/// <summary>The integer type of the text encoder's <c>input_ids</c>.</summary>
public enum TokenIdType
{
    /// <summary>int32 token ids.</summary>
    Int32,

    /// <summary>int64 token ids.</summary>
    Int64,
}
