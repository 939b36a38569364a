using System.Globalization;

namespace RiffusionVst.Engine.Benchmarks.Diffusion.Graphs;

/// <summary>
/// The process's resident memory from /proc/self/status (Linux): now, split into anonymous and file-backed pages
/// (memory-mapped weights are file-backed), and the peak, which <see cref="ResetPeak"/> starts again so one stage of a
/// report is measured without the stages before it.
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Starts the peak again from the current resident set; false where the system does not allow it.</summary>
    public static bool ResetPeak()
    {
        try
        {
            // "5" resets the peak resident set size (VmHWM) to the current one (proc(5), clear_refs).
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Resident, anonymous, file-backed and peak resident memory in GB.</summary>
    public static (double Resident, double Anonymous, double File, double Peak) Read()
    {
        var status = File.ReadAllLines("/proc/self/status")
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
        double Gb(string key) => long.Parse(status[key].Split(' ')[0], CultureInfo.InvariantCulture) / 1e6;
        return (Gb("VmRSS"), Gb("RssAnon"), Gb("RssFile"), Gb("VmHWM"));
    }
}
