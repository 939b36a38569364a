using System.Globalization;
using RiffusionVst.Engine.Diffusion.Text;

namespace RiffusionVst.Engine.Cli.Options;

/// <summary>Warnings for prompts that are accepted but probably not what was meant: empty, unbalanced brackets, extreme weights.</summary>
internal static class PromptWarnings
{
    /// <summary>Weights beyond these make Stable Diffusion's images burn out or lose the word entirely.</summary>
    public const double HighestSensibleWeight = 2.0;

    /// <summary>The lowest weight that still says something (one pair of square brackets is ÷1.1).</summary>
    public const double LowestSensibleWeight = 0.5;

    /// <summary>The warnings for <paramref name="prompt"/>, named <paramref name="name"/> in the text ("the prompt", "--to").</summary>
    public static IEnumerable<string> For(string prompt, string name)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            yield return $"{name} is empty: the model gets no words, so the loop is the seed's sound reshaped by noise.";
            yield break;
        }

        var (round, square) = Balance(prompt);
        if (round != 0 || square != 0)
        {
            string which = round != 0 ? "round brackets ( )" : "square brackets [ ]";
            yield return $"{name} has unbalanced {which}: the weighting may not be what you meant (write \\( for a literal bracket).";
        }

        double[] weights = PromptWeightParser.Parse(prompt).Select(f => (double)f.Weight).ToArray();
        double highest = weights.Max(), lowest = weights.Min();
        if (highest > HighestSensibleWeight || lowest < LowestSensibleWeight)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{name} weights a part by {(highest > HighestSensibleWeight ? highest : lowest):0.##}: weights outside {LowestSensibleWeight}–{HighestSensibleWeight} usually spoil the image; try (word:1.3).");
        }
    }

    /// <summary>Prints the warnings for each prompt.</summary>
    public static void Warn(params (string? Prompt, string Name)[] prompts)
    {
        foreach (var (prompt, name) in prompts)
        {
            if (prompt is null)
                continue;
            foreach (string warning in For(prompt, name))
                CommandErrors.Warning(warning);
        }
    }

    // Open minus closed brackets of each kind, skipping escaped ones; a closing bracket with nothing open counts too.
    private static (int Round, int Square) Balance(string prompt)
    {
        int round = 0, square = 0, strayRound = 0, straySquare = 0;
        for (int i = 0; i < prompt.Length; i++)
        {
            char c = prompt[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            switch (c)
            {
                case '(':
                    round++;
                    break;
                case ')' when round > 0:
                    round--;
                    break;
                case ')':
                    strayRound++;
                    break;
                case '[':
                    square++;
                    break;
                case ']' when square > 0:
                    square--;
                    break;
                case ']':
                    straySquare++;
                    break;
            }
        }

        return (round + strayRound, square + straySquare);
    }
}
