using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace RiffusionVst.Engine.Cli.Options;

/// <summary>
/// Options whose values are parsed and range-checked by the parser itself, so that a bad value is a one-line usage
/// error before any work starts, worded for people ("--bars must be 1 to 8; got 9."), never a .NET type name.
/// </summary>
internal static class CliOptions
{
    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>] (or (min, max] when <paramref name="aboveMin"/>).</summary>
    public static Option<double> Number(string name, string description, double defaultValue, double min, double max, bool aboveMin = false) => new(name)
    {
        Description = $"{description} ({Range(min, max, aboveMin)})",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => ParseNumber(r, name, min, max, aboveMin) ?? defaultValue,
        HelpName = "number",
    };

    /// <summary>An optional number in range; null when not given.</summary>
    public static Option<double?> OptionalNumber(string name, string description, double min, double max, bool aboveMin = false) => new(name)
    {
        Description = $"{description} ({Range(min, max, aboveMin)})",
        CustomParser = r => ParseNumber(r, name, min, max, aboveMin),
        HelpName = "number",
    };

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> Integer(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = $"{description} ({min}–{max})",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => (int?)ParseInteger(r, name, min, max) ?? defaultValue,
        HelpName = "n",
    };

    /// <summary>An optional whole number in range; null when not given.</summary>
    public static Option<int?> OptionalInteger(string name, string description, int min, int max) => new(name)
    {
        Description = $"{description} ({min}–{max})",
        CustomParser = r => (int?)ParseInteger(r, name, min, max),
        HelpName = "n",
    };

    /// <summary>A seed: any whole number; null when not given (the command then picks one at random and prints it).</summary>
    public static Option<long?> Seed(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => ParseInteger(r, name, long.MinValue, long.MaxValue),
        HelpName = "n",
    };

    /// <summary>One of a list of names, matched case-insensitively; <paramref name="find"/> returns the listed spelling or null.</summary>
    public static Option<string?> Name(string name, string description, IReadOnlyList<string> names, Func<string, string?> find) => new(name)
    {
        Description = $"{description}: {string.Join(", ", names)}",
        CustomParser = r =>
        {
            string? token = Token(r);
            if (token is null)
                return null;
            string? found = find(token);
            if (found is null)
                r.AddError($"{name} '{Shorten(token)}' is not known; use one of: {string.Join(", ", names)}.");
            return found;
        },
        HelpName = "name",
    };

    /// <summary>One of a set of values by the spellings shown in help (first of each) or their aliases, case-insensitively.</summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue, IReadOnlyList<(string[] Spellings, T Value)> choices)
        where T : struct
    {
        string listed = string.Join(", ", choices.Select(c => c.Spellings[0]));
        return new Option<T>(name)
        {
            Description = $"{description}: {listed}",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                string? token = Token(r);
                if (token is null)
                    return defaultValue;
                foreach (var (spellings, value) in choices)
                {
                    if (spellings.Any(s => string.Equals(s, token.Trim(), StringComparison.OrdinalIgnoreCase)))
                        return value;
                }

                r.AddError($"{name} '{Shorten(token)}' is not known; use one of: {listed}.");
                return defaultValue;
            },
            HelpName = "name",
        };
    }

    private static string? Token(ArgumentResult r) => r.Tokens.Count == 0 ? null : r.Tokens[^1].Value;

    private static double? ParseNumber(ArgumentResult r, string name, double min, double max, bool aboveMin)
    {
        string? token = Token(r);
        if (token is null)
            return null;
        if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            r.AddError($"{name} takes a number such as {Example(min, max)}; got '{Shorten(token)}'.");
            return null;
        }

        if ((aboveMin ? value <= min : value < min) || value > max)
        {
            r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be {Range(min, max, aboveMin)}; got {value}."));
            return null;
        }

        return value;
    }

    private static long? ParseInteger(ArgumentResult r, string name, long min, long max)
    {
        string? token = Token(r);
        if (token is null)
            return null;
        if (!long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
        {
            r.AddError(min == long.MinValue
                ? $"{name} takes a whole number; got '{Shorten(token)}'."
                : $"{name} takes a whole number from {min} to {max}; got '{Shorten(token)}'.");
            return null;
        }

        if (value < min || value > max)
        {
            r.AddError($"{name} must be {min} to {max}; got {value}.");
            return null;
        }

        return value;
    }

    private static string Range(double min, double max, bool aboveMin) => aboveMin
        ? string.Create(CultureInfo.InvariantCulture, $"above {min} and at most {max}")
        : string.Create(CultureInfo.InvariantCulture, $"{min} to {max}");

    private static string Example(double min, double max) =>
        (min <= 1 && max >= 1 && max <= 1 ? 0.5 : Math.Clamp(120, min, max)).ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
