using RiffusionVst.Plugin.Core.State;

namespace RiffusionVst.Plugin.Core.Tests.State;

public class PngCheckTests
{
    [Fact]
    public void The_checksum_is_PNGs_CRC32_so_an_empty_IEND_chunk_gives_AE426082()
    {
        Assert.Equal(0xAE426082u, PngCheck.Crc32("IEND"u8));
        Assert.Equal(0xCBF43926u, PngCheck.Crc32("123456789"u8)); // the CRC-32 check value
    }

    [Fact]
    public void A_sound_PNG_of_the_expected_size_passes()
    {
        Assert.Null(PngCheck.Problem(TestPngs.Grey(512, 512), 512, 512));
    }

    [Fact]
    public void Each_kind_of_damage_is_named()
    {
        byte[] png = TestPngs.Grey(512, 512);
        Assert.Equal("it is 512×512 where the loop needs 1024×512", PngCheck.Problem(png, 1024, 512));
        Assert.Equal("it is cut short", PngCheck.Problem(png.AsSpan(0, png.Length - 20), 512, 512));
        Assert.Equal("it is not a PNG", PngCheck.Problem("GIF89a..."u8, 512, 512));
        byte[] flipped = (byte[])png.Clone();
        flipped[png.Length / 2] ^= 1;
        Assert.Equal("its bytes are damaged (a checksum does not match)", PngCheck.Problem(flipped, 512, 512));
    }
}
