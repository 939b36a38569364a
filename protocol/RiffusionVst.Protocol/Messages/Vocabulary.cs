namespace RiffusionVst.Protocol.Messages;

/// <summary>How every name list of the protocol is matched: case-insensitively, blanks around the name ignored.</summary>
internal static class Vocabulary
{
    public static string? Find(IReadOnlyList<string> names, string? name)
    {
        if (name is null)
            return null;
        string trimmed = name.Trim();
        foreach (string known in names)
        {
            if (string.Equals(known, trimmed, StringComparison.OrdinalIgnoreCase))
                return known;
        }

        return null;
    }
}
