using System.Diagnostics;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Sessions;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>One loop a client asked for: one alpha of a render request, or one retime.</summary>
internal sealed class RenderTicket
{
    public RenderTicket(ClientSession client, long requestId, ImageRequest image, string key, DeliverySettings delivery, bool isRetime = false)
    {
        Client = client;
        RequestId = requestId;
        Image = image;
        Key = key;
        Delivery = delivery;
        IsRetime = isRetime;
        Arrived = Stopwatch.GetTimestamp();
    }

    public ClientSession Client { get; }

    public long RequestId { get; }

    public ImageRequest Image { get; }

    public float Alpha => Image.Alpha;

    public string Key { get; }

    public DeliverySettings Delivery { get; }

    /// <summary>Retimes are not superseded by newer renders: they refit an image the client already has.</summary>
    public bool IsRetime { get; }

    public long Arrived { get; }

    /// <summary>Fires when the ticket is dropped; stops its reconstruction.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public TicketState State { get; set; }

    public DiffusionJob? Job { get; set; }

    public double QueuedMs { get; set; }

    public double DiffusionMs { get; set; }

    public double DecodeMs { get; set; }
}
