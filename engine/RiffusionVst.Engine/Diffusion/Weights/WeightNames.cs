namespace RiffusionVst.Engine.Diffusion.Weights;

/// <summary>Checks on sets of tensor names that report every offending name at once, not one per run.</summary>
public static class WeightNames
{
    /// <summary>Names shown in one message before the rest are counted.</summary>
    public const int ListedInMessage = 12;

    /// <summary>Throws one <see cref="WeightFileException"/> listing every name of <paramref name="expected"/> that <paramref name="source"/> lacks.</summary>
    public static void RequireAll(IWeightSource source, IEnumerable<string> expected, string component)
    {
        List<string> missing = expected.Where(name => !source.Contains(name)).ToList();
        if (missing.Count > 0)
        {
            throw new WeightFileException(
                $"the {component} weights lack {missing.Count} tensor(s) its config needs: {List(missing)}. The checkpoint does not match its config.json, or it is not a Stable Diffusion 1.x model.");
        }
    }

    /// <summary>The first <see cref="ListedInMessage"/> names, comma separated, and how many more there are.</summary>
    public static string List(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(ListedInMessage).Select(n => $"'{n}'"))
        + (names.Count > ListedInMessage ? $" and {names.Count - ListedInMessage} more" : string.Empty);
}
