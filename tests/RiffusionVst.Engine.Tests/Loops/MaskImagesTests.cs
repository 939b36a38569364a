using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Engine.Loops;

namespace RiffusionVst.Engine.Tests.Loops;

public class MaskImagesTests
{
    [Fact]
    public void Procedural_masks_paint_the_documented_regions()
    {
        RgbImage top = MaskImages.TopFraction(256, 512, 0.25);
        Assert.Equal(255, top[10, 127, 0]);
        Assert.Equal(0, top[10, 128, 0]);

        RgbImage gradient = MaskImages.GradientFromTop(256, 512, 0.5);
        Assert.Equal(255, gradient[0, 0, 0]);
        Assert.Equal(128, gradient[0, 128, 0]); // 255·(1 − 128/256) = 127.5, rounded half to even
        Assert.Equal(0, gradient[0, 300, 0]);

        RgbImage beats = MaskImages.BeatLines(256, 512, 8);
        foreach (int beat in new[] { 0, 64, 128, 192 })
        {
            Assert.Equal(0, beats[beat, 5, 0]);
            Assert.Equal(0, beats[beat + 7, 5, 0]);
            Assert.Equal(255, beats[beat + 8, 5, 0]);
        }

        Assert.Equal(top.Pixels, MaskImages.FromSpec("top:0.25", 256, 512).Pixels);
        Assert.Contains("neither a PNG", Assert.Throws<ArgumentException>(() => MaskImages.FromSpec("nosuch.png", 256, 512)).Message);
    }
}
