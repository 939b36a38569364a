using System.Globalization;

namespace RiffusionVst.Engine.Diffusion.Install;

/// <summary>How far the download of one file is (bytes resumed from an earlier run count as done but not towards the speed).</summary>
/// <param name="File">Path of the file in the repository.</param>
/// <param name="Done">Bytes on disk so far.</param>
/// <param name="Total">Bytes of the whole file, or -1 when unknown.</param>
/// <param name="Transferred">Bytes received in this run.</param>
/// <param name="Elapsed">Time spent in this run.</param>
public readonly record struct DownloadProgress(string File, long Done, long Total, long Transferred, TimeSpan Elapsed)
{
    /// <summary>Megabytes per second in this run (0 before anything arrived).</summary>
    public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Transferred / 1e6 / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the current speed, or null when it cannot be told yet (nothing arrived, or under a second of it).</summary>
    public TimeSpan? Remaining => Total >= 0 && Transferred > 0 && Elapsed >= TimeSpan.FromSeconds(1)
        ? TimeSpan.FromSeconds((Total - Done) * Elapsed.TotalSeconds / Transferred)
        : null;

    /// <summary>One progress line: <c>unet/…safetensors [#######·····] 1234.5/3438.2 MB  45.2 MB/s  ETA 0:48</c>.</summary>
    public string ToLine(int barWidth = 24)
    {
        double fraction = Total > 0 ? Math.Clamp((double)Done / Total, 0, 1) : 0;
        int filled = (int)Math.Round(fraction * barWidth);
        string bar = new string('#', filled) + new string('.', barWidth - filled);
        string size = Total >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Done / 1e6:0.0}/{Total / 1e6:0.0} MB")
            : string.Create(CultureInfo.InvariantCulture, $"{Done / 1e6:0.0} MB");
        string eta = Remaining is { } left ? $"ETA {(int)left.TotalHours}:{left.Minutes:00}:{left.Seconds:00}" : "ETA --";
        return string.Create(CultureInfo.InvariantCulture, $"{File} [{bar}] {size}  {MegabytesPerSecond:0.0} MB/s  {eta}");
    }
}
