using System.Globalization;

namespace RiffusionVst.Engine.Service.Logging;

/// <summary>A plain, timestamped, line-per-event log for people (stderr by default); safe from any thread.</summary>
public sealed class EngineLog
{
    private readonly TextWriter _writer;
    private readonly Lock _gate = new();

    /// <summary>A log writing to <paramref name="writer"/> events at <paramref name="minimum"/> or above.</summary>
    public EngineLog(TextWriter writer, LogLevel minimum = LogLevel.Info)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        Minimum = minimum;
    }

    /// <summary>A log that writes nothing.</summary>
    public static EngineLog Silent { get; } = new(TextWriter.Null, LogLevel.Error + 1);

    /// <summary>The lowest level written.</summary>
    public LogLevel Minimum { get; }

    /// <summary>Writes a debug line.</summary>
    public void Debug(string message) => Write(LogLevel.Debug, message);

    /// <summary>Writes an info line.</summary>
    public void Info(string message) => Write(LogLevel.Info, message);

    /// <summary>Writes a warning line.</summary>
    public void Warning(string message) => Write(LogLevel.Warning, message);

    /// <summary>Writes an error line.</summary>
    public void Error(string message) => Write(LogLevel.Error, message);

    /// <summary>True when lines of <paramref name="level"/> are written (so callers can skip building them).</summary>
    public bool IsEnabled(LogLevel level) => level >= Minimum;

    /// <summary>Writes one line at <paramref name="level"/>.</summary>
    public void Write(LogLevel level, string message)
    {
        if (!IsEnabled(level))
            return;
        string tag = level switch
        {
            LogLevel.Debug => "debug",
            LogLevel.Info => "info ",
            LogLevel.Warning => "WARN ",
            _ => "ERROR",
        };
        string line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:HH:mm:ss.fff} {tag} {message}");
        lock (_gate)
        {
            try
            {
                _writer.WriteLine(line);
                _writer.Flush();
            }
            catch (IOException)
            {
                // A closed stderr must not take the engine down.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
