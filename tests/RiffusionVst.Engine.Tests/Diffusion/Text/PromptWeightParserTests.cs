using RiffusionVst.Engine.Diffusion.Text;

namespace RiffusionVst.Engine.Tests.Diffusion.Text;

public class PromptWeightParserTests
{
    private static void AssertFragments(string prompt, params (string Text, double Weight)[] expected)
    {
        var actual = PromptWeightParser.Parse(prompt);
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Text, actual[i].Text);
            Assert.Equal(expected[i].Weight, actual[i].Weight, 5);
        }
    }

    [Fact]
    public void Plain_text_is_one_fragment_of_weight_one() =>
        AssertFragments("jazz piano", ("jazz piano", 1.0));

    [Fact]
    public void Round_brackets_multiply_by_1_1() =>
        AssertFragments("a (fox) runs", ("a ", 1.0), ("fox", 1.1), (" runs", 1.0));

    [Fact]
    public void Square_brackets_divide_by_1_1() =>
        AssertFragments("[drums]", ("drums", 1 / 1.1));

    [Fact]
    public void Explicit_weight_replaces_the_bracket_factor() =>
        AssertFragments("funk (bass:1.3)", ("funk ", 1.0), ("bass", 1.3));

    [Fact]
    public void Nesting_multiplies() =>
        AssertFragments("((a) b)", ("a", 1.1 * 1.1), (" b", 1.1));

    [Fact]
    public void Nested_explicit_and_square() =>
        AssertFragments("(x [y]:2)", ("x ", 2.0), ("y", 2.0 / 1.1));

    [Fact]
    public void Escaped_brackets_are_literal() =>
        AssertFragments(@"\(not weighted\) \[nor this\]", ("(not weighted) [nor this]", 1.0));

    [Fact]
    public void Colon_without_a_number_is_literal_text() =>
        AssertFragments("(style: lofi)", ("style: lofi", 1.1));

    [Fact]
    public void Unclosed_bracket_weights_the_rest_of_the_prompt() =>
        AssertFragments("a (b c", ("a ", 1.0), ("b c", 1.1));

    [Fact]
    public void Stray_closing_brackets_are_kept_as_text() =>
        AssertFragments("a) b]", ("a) b]", 1.0));

    [Fact]
    public void Empty_prompt_gives_one_empty_fragment() =>
        AssertFragments("", ("", 1.0));
}
