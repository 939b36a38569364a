namespace RiffusionVst.Engine.Service.Web;

/// <summary>Settings of the control page (HTTP on loopback only).</summary>
public sealed record WebSurfaceOptions
{
    /// <summary>The fixed port the page is served on unless <c>--http-port</c> says otherwise.</summary>
    public const int DefaultPort = 47_861;

    /// <summary>TCP port on 127.0.0.1 and ::1; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Largest request body accepted (an uploaded seed clip), in bytes; larger ones get 413.</summary>
    public long MaxRequestBytes { get; init; } = 16L << 20;

    /// <summary>Where the page's address (with its token) is written for <c>riffusion-engine open</c>; null: <see cref="Access.PageAddressFile.PathFor"/>.</summary>
    public string? AddressFile { get; init; }
}
