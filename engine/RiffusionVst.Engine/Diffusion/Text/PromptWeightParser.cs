using System.Globalization;
using System.Text;

namespace RiffusionVst.Engine.Diffusion.Text;

/// <summary>
/// Parses the attention syntax of Stable Diffusion front ends: <c>(text)</c> ×1.1, <c>[text]</c> ÷1.1,
/// <c>(text:1.3)</c> ×1.3, nesting multiplies, <c>\(</c> <c>\)</c> <c>\[</c> <c>\]</c> <c>\\</c> are literal.
/// Unbalanced brackets never throw: a closing bracket with no open partner is kept as literal text,
/// and a bracket still open at the end weights everything after it as if it were closed there.
/// </summary>
public static class PromptWeightParser
{
    /// <summary>Factor of one pair of round brackets (and divisor of one pair of square brackets).</summary>
    public const double BracketFactor = 1.1;

    /// <summary>Splits a prompt into fragments with their weights; adjacent equal weights are merged; never empty.</summary>
    public static IReadOnlyList<PromptFragment> Parse(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);

        var texts = new List<StringBuilder>();
        var weights = new List<double>();
        var roundOpen = new Stack<int>();
        var squareOpen = new Stack<int>();

        void Append(string s)
        {
            // Every closing bracket starts a fresh fragment, so the last one is never inside a weighted range.
            if (texts.Count == 0)
            {
                StartFragment();
            }

            texts[^1].Append(s);
        }

        // Text appended after an opening bracket must start a fresh fragment, so the range can be weighted.
        void StartFragment()
        {
            texts.Add(new StringBuilder());
            weights.Add(1.0);
        }

        void Multiply(int start, double factor)
        {
            for (int k = start; k < weights.Count; k++)
            {
                weights[k] *= factor;
            }

            // Whatever follows the closing bracket is outside the range.
            StartFragment();
        }

        int i = 0;
        while (i < prompt.Length)
        {
            char c = prompt[i];
            if (c == '\\' && i + 1 < prompt.Length && prompt[i + 1] is '(' or ')' or '[' or ']' or '\\')
            {
                Append(prompt[i + 1].ToString());
                i += 2;
            }
            else if (c == '(')
            {
                StartFragment();
                roundOpen.Push(texts.Count - 1);
                i++;
            }
            else if (c == '[')
            {
                StartFragment();
                squareOpen.Push(texts.Count - 1);
                i++;
            }
            else if (c == ':' && roundOpen.Count > 0 && TryReadExplicitWeight(prompt, i, out double weight, out int end))
            {
                Multiply(roundOpen.Pop(), weight);
                i = end;
            }
            else if (c == ')' && roundOpen.Count > 0)
            {
                Multiply(roundOpen.Pop(), BracketFactor);
                i++;
            }
            else if (c == ']' && squareOpen.Count > 0)
            {
                Multiply(squareOpen.Pop(), 1.0 / BracketFactor);
                i++;
            }
            else
            {
                Append(c.ToString());
                i++;
            }
        }

        while (roundOpen.Count > 0)
        {
            Multiply(roundOpen.Pop(), BracketFactor);
        }

        while (squareOpen.Count > 0)
        {
            Multiply(squareOpen.Pop(), 1.0 / BracketFactor);
        }

        var fragments = new List<PromptFragment>();
        for (int k = 0; k < texts.Count; k++)
        {
            string text = texts[k].ToString();
            if (text.Length == 0)
            {
                continue;
            }

            float w = (float)weights[k];
            if (fragments.Count > 0 && fragments[^1].Weight == w)
            {
                fragments[^1] = fragments[^1] with { Text = fragments[^1].Text + text };
            }
            else
            {
                fragments.Add(new PromptFragment(text, w));
            }
        }

        if (fragments.Count == 0)
        {
            fragments.Add(new PromptFragment(string.Empty, 1f));
        }

        return fragments;
    }

    /// <summary>Reads ":&lt;number&gt;)" (spaces allowed around the number) starting at the colon.</summary>
    private static bool TryReadExplicitWeight(string prompt, int colon, out double weight, out int end)
    {
        weight = 0;
        end = colon;
        int close = prompt.IndexOf(')', colon + 1);
        if (close < 0)
        {
            return false;
        }

        string number = prompt[(colon + 1)..close].Trim();
        if (number.Length == 0 || !number.All(ch => char.IsAsciiDigit(ch) || ch is '.' or '+' or '-')
            || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out weight)
            || !double.IsFinite(weight))
        {
            return false;
        }

        end = close + 1;
        return true;
    }
}
