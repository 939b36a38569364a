using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Dsp.Spectrogram.Image;

namespace RiffusionVst.Dsp.Tests.Spectrogram.Image;

public class SpectrogramImageCodecTests
{
    private static byte ExpectedPixel(double ratio, double power) => (byte)Math.Floor(255 - 255 * Math.Pow(ratio, power));

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.01)]
    [InlineData(0.9)]
    public void Pixel_follows_riffusions_formula(double ratio)
    {
        byte p = SpectrogramImageCodec.ToPixel((float)(ratio * 1000), 1000f, 0.25f);
        Assert.Equal(ExpectedPixel(ratio, 0.25), p);
    }

    [Fact]
    public void Half_amplitude_gives_pixel_40()
    {
        // 255 − 255·0.5^0.25 = 255 − 214.43 = 40.57, truncated.
        Assert.Equal(40, SpectrogramImageCodec.ToPixel(1f, 2f, 0.25f));
    }

    [Fact]
    public void Loudest_is_black_and_silence_is_white_and_top_row_is_highest_band()
    {
        // 3 bands, 2 frames; frame 0 = [0, 0.5, 1]·max, frame 1 = [1, 0, 0.5]·max (band 0 lowest).
        var mel = new MelSpectrogram(3, 2, [0f, 2f, 4f, 4f, 0f, 2f]);
        var image = SpectrogramImageCodec.ToImage([mel]);
        Assert.Equal(2, image.Width);
        Assert.Equal(3, image.Height);
        byte half = ExpectedPixel(0.5, 0.25);
        // Row 0 (top) is band 2.
        Assert.Equal(0, image[0, 0, 0]);
        Assert.Equal(half, image[1, 0, 0]);
        Assert.Equal(half, image[0, 1, 0]);
        Assert.Equal(255, image[1, 1, 0]);
        Assert.Equal(255, image[0, 2, 0]);
        Assert.Equal(0, image[1, 2, 0]);
        for (int i = 0; i < image.Pixels.Length; i += 3)
        {
            Assert.Equal(image.Pixels[i], image.Pixels[i + 1]);
            Assert.Equal(image.Pixels[i], image.Pixels[i + 2]);
        }
    }

    [Fact]
    public void Stereo_puts_left_in_green_right_in_blue_and_their_mean_in_red()
    {
        var left = new MelSpectrogram(1, 2, [8f, 0f]);
        var right = new MelSpectrogram(1, 2, [0f, 4f]);
        var image = SpectrogramImageCodec.ToImage([left, right]);
        byte half = ExpectedPixel(0.5, 0.25);
        Assert.Equal(0, image[0, 0, 1]);
        Assert.Equal(255, image[0, 0, 2]);
        Assert.Equal(127, image[0, 0, 0]);
        Assert.Equal(255, image[1, 0, 1]);
        Assert.Equal(half, image[1, 0, 2]);
        Assert.Equal((255 + half) / 2, image[1, 0, 0]);
    }

    [Fact]
    public void Reading_maps_pixels_back_with_the_inverse_power()
    {
        var image = new RgbImage(3, 2);
        // Column 0: top = 0 (black), bottom = 255; column 1: top = 128; column 2: bottom = 40.
        image[0, 0, 0] = 0;
        image[0, 1, 0] = 255;
        image[1, 0, 0] = 128;
        image[2, 1, 0] = 40;
        var p = SpectrogramParameters.Riffusion with { MelBands = 2, MaxValue = 1000 };
        var mel = SpectrogramImageCodec.FromImage(image, p);
        Assert.Single(mel);
        Assert.Equal(1000f, mel[0][0, 1], 3);
        Assert.Equal(0f, mel[0][0, 0]);
        Assert.Equal(Math.Pow(127.0 / 255, 4) * 1000, mel[0][1, 1], 3);
        Assert.Equal(Math.Pow(215.0 / 255, 4) * 1000, mel[0][2, 0], 3);
        Assert.Equal(1000f, mel[0][2, 1], 3);
    }

    [Fact]
    public void Stereo_reading_takes_green_and_blue()
    {
        var image = new RgbImage(1, 1);
        image[0, 0, 0] = 7;
        image[0, 0, 1] = 0;
        image[0, 0, 2] = 255;
        var p = SpectrogramParameters.Riffusion with { MelBands = 1, Stereo = true, MaxValue = 5 };
        var mel = SpectrogramImageCodec.FromImage(image, p);
        Assert.Equal(2, mel.Length);
        Assert.Equal(5f, mel[0][0, 0], 5);
        Assert.Equal(0f, mel[1][0, 0]);
    }

    [Fact]
    public void Pixels_survive_a_decode_encode_cycle()
    {
        var image = new RgbImage(256, 4);
        for (int x = 0; x < 256; x++)
        {
            for (int y = 0; y < 4; y++)
            {
                for (int c = 0; c < 3; c++)
                {
                    image[x, y, c] = (byte)x;
                }
            }
        }

        image[0, 0, 0] = image[0, 0, 1] = image[0, 0, 2] = 0; // one black pixel so the maximum is the maximum value
        var p = SpectrogramParameters.Riffusion with { MelBands = 4 };
        var mel = SpectrogramImageCodec.FromImage(image, p);
        var again = SpectrogramImageCodec.ToImage(mel, p.PowerForImage);
        int differences = image.Pixels.Zip(again.Pixels).Count(t => Math.Abs(t.First - t.Second) > 1);
        Assert.Equal(0, differences);
    }

    [Fact]
    public void Wrong_height_is_refused_with_a_clear_message()
    {
        var image = new RgbImage(4, 256);
        var ex = Assert.Throws<ArgumentException>(() => SpectrogramImageCodec.FromImage(image, SpectrogramParameters.Riffusion));
        Assert.Contains("256", ex.Message);
        Assert.Contains("512", ex.Message);
    }

    [Fact]
    public void Silence_gives_a_white_picture()
    {
        var image = SpectrogramImageCodec.ToImage([new MelSpectrogram(2, 3)]);
        Assert.All(image.Pixels, b => Assert.Equal(255, b));
    }
}
