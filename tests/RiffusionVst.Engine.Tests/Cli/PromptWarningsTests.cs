using RiffusionVst.Engine.Cli.Options;

namespace RiffusionVst.Engine.Tests.Cli;

public class PromptWarningsTests
{
    [Theory]
    [InlineData("lofi piano, (vinyl crackle:1.2)")]
    [InlineData("a \\(literal\\) bracket")]
    [InlineData("[[soft]] drums")]
    public void Ordinary_prompts_get_no_warning(string prompt) => Assert.Empty(PromptWarnings.For(prompt, "the prompt"));

    [Theory]
    [InlineData("", "the prompt is empty: the model gets no words, so the loop is the seed's sound reshaped by noise.")]
    [InlineData("   ", "the prompt is empty: the model gets no words, so the loop is the seed's sound reshaped by noise.")]
    [InlineData("(jazz piano", "the prompt has unbalanced round brackets ( ): the weighting may not be what you meant (write \\( for a literal bracket).")]
    [InlineData("jazz] piano", "the prompt has unbalanced square brackets [ ]: the weighting may not be what you meant (write \\( for a literal bracket).")]
    [InlineData("(drums:3)", "the prompt weights a part by 3: weights outside 0.5–2 usually spoil the image; try (word:1.3).")]
    [InlineData("(drums:0.2) bass", "the prompt weights a part by 0.2: weights outside 0.5–2 usually spoil the image; try (word:1.3).")]
    public void Probably_unintended_prompts_get_one_warning_each(string prompt, string expected) =>
        Assert.Equal([expected], PromptWarnings.For(prompt, "the prompt"));
}
