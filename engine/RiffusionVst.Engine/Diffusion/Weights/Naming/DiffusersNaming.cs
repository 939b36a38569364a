namespace RiffusionVst.Engine.Diffusion.Weights.Naming;

/// <summary>
/// Maps the names newer diffusers versions (0.14 and later) give the VAE's mid-block attention
/// (<c>to_q</c>, <c>to_k</c>, <c>to_v</c>, <c>to_out.0</c>) onto the 0.9 names the engine uses
/// (<c>query</c>, <c>key</c>, <c>value</c>, <c>proj_attn</c>). Every other diffusers name is already internal.
/// </summary>
public static class DiffusersNaming
{
    /// <summary>The internal name of a diffusers VAE tensor.</summary>
    public static string Vae(string name)
    {
        int at = name.IndexOf(".attentions.", StringComparison.Ordinal);
        if (at < 0)
        {
            return name;
        }

        int start = name.IndexOf('.', at + ".attentions.".Length) + 1;
        if (start <= 0)
        {
            return name;
        }

        string head = name[..start];
        string rest = name[start..];
        foreach ((string from, string to) in (ReadOnlySpan<(string, string)>)[("to_q.", "query."), ("to_k.", "key."), ("to_v.", "value."), ("to_out.0.", "proj_attn.")])
        {
            if (rest.StartsWith(from, StringComparison.Ordinal))
            {
                return head + to + rest[from.Length..];
            }
        }

        return name;
    }

    /// <summary>
    /// True for the VAE attention projections, whose weights LDM stores as 1×1 convolutions
    /// <c>[C, C, 1, 1]</c> where diffusers has linear layers <c>[C, C]</c>.
    /// </summary>
    public static bool IsVaeAttentionProjection(string internalName) =>
        internalName.Contains(".attentions.", StringComparison.Ordinal)
        && (internalName.EndsWith(".query.weight", StringComparison.Ordinal) || internalName.EndsWith(".key.weight", StringComparison.Ordinal)
            || internalName.EndsWith(".value.weight", StringComparison.Ordinal) || internalName.EndsWith(".proj_attn.weight", StringComparison.Ordinal));
}
