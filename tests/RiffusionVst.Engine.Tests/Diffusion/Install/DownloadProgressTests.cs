using RiffusionVst.Engine.Diffusion.Install;

namespace RiffusionVst.Engine.Tests.Diffusion.Install;

public class DownloadProgressTests
{
    [Fact]
    public void The_line_shows_megabytes_speed_and_time_left()
    {
        // 1 000 MB of 3 000 MB on disk, 500 MB of them in 10 s of this run: 50 MB/s, 2 000 MB left → 40 s.
        var progress = new DownloadProgress("unet/diffusion_pytorch_model.bin", 1_000_000_000, 3_000_000_000, 500_000_000, TimeSpan.FromSeconds(10));
        Assert.Equal("unet/diffusion_pytorch_model.bin [########................] 1000.0/3000.0 MB  50.0 MB/s  ETA 0:00:40", progress.ToLine());
    }

    [Fact]
    public void Before_any_byte_the_time_left_is_unknown()
    {
        var progress = new DownloadProgress("vae/config.json", 0, 550, 0, TimeSpan.Zero);
        Assert.Equal("vae/config.json [........................] 0.0/0.0 MB  0.0 MB/s  ETA --", progress.ToLine());
    }
}
