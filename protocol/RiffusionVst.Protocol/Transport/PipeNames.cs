using System.Text;

namespace RiffusionVst.Protocol.Transport;

/// <summary>Pipe names: a stable per-user default, an environment override, and a check of given names.</summary>
public static class PipeNames
{
    /// <summary>Prefix of every default name.</summary>
    public const string Prefix = "riffusion-vst-";

    /// <summary>Environment variable that overrides the default name for the engine, the plugin and the CLI.</summary>
    public const string EnvironmentVariable = "RIFFUSION_VST_PIPE";

    /// <summary>Longest accepted name: on macOS a pipe is a socket path under $TMPDIR, limited to 104 bytes in all.</summary>
    public const int MaxLength = 40;

    // Keeps default names well under MaxLength after the prefix and a hash suffix.
    private const int MaxUserPartLength = 16;

    /// <summary>The default name for the current user: "riffusion-vst-" + the sanitised user name.</summary>
    public static string Default => ForUser(Environment.UserName);

    /// <summary>
    /// The default name for <paramref name="userName"/>: lower-case letters and digits are kept, runs of anything
    /// else become one '-'. When that changed or shortened the name, a hash of the original is appended so two
    /// users never share a pipe.
    /// </summary>
    public static string ForUser(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var cleaned = new StringBuilder(userName.Length);
        foreach (char c in userName)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
                cleaned.Append(c);
            else if (cleaned.Length > 0 && cleaned[^1] != '-')
                cleaned.Append('-');
        }
        string part = cleaned.ToString().Trim('-');
        bool changed = part != userName || part.Length == 0;
        if (part.Length > MaxUserPartLength)
        {
            part = part[..MaxUserPartLength].TrimEnd('-');
            changed = true;
        }
        if (changed)
            part = (part.Length == 0 ? "" : part + "-") + Fnv1a(userName).ToString("x8");
        return Prefix + part;
    }

    /// <summary>
    /// The name to use: <paramref name="explicitName"/> if given, else the environment variable
    /// <see cref="EnvironmentVariable"/> if set, else <see cref="Default"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The chosen override is not a safe pipe name.</exception>
    public static string Resolve(string? explicitName = null)
    {
        if (!string.IsNullOrEmpty(explicitName))
            return Validate(explicitName, "The pipe name");
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
            return Validate(fromEnvironment, $"The environment variable {EnvironmentVariable}");
        return Default;
    }

    /// <summary>The lock file that keeps one engine per pipe name (see <see cref="PipeNameLock"/>).</summary>
    public static string LockFilePath(string pipeName) => Path.Combine(Path.GetTempPath(), $"riffusion-vst-{pipeName}.lock");

    /// <summary>The socket file a served pipe is on Linux and macOS (.NET names it CoreFxPipe_NAME in the temp folder); none on Windows.</summary>
    public static string? SocketFilePath(string pipeName) =>
        OperatingSystem.IsWindows() ? null : Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + pipeName);

    /// <summary>True when <paramref name="name"/> is 1 to <see cref="MaxLength"/> of a–z, A–Z, 0–9, '-', '_', '.'.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name[0] != '.' &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static string Validate(string name, string what) =>
        IsValid(name) ? name : throw new ArgumentException(
            $"{what} '{name}' is not a safe pipe name; use 1 to {MaxLength} characters of letters, digits, '-', '_' and '.', not starting with '.'.",
            nameof(name));

    // FNV-1a over UTF-8: stable across processes and runtimes, unlike string.GetHashCode.
    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
            hash = (hash ^ b) * 16777619;
        return hash;
    }
}
