using System.Diagnostics;
using RiffusionVst.Engine.Service.Generation;
using RiffusionVst.Engine.Service.Sessions;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>One loop a client asked for: one alpha of a render request, or one retime.</summary>
/// <remarks>Only what was asked; where the ticket is and its times so far belong to <see cref="JobScheduler"/>, which alone
/// reads and writes them.</remarks>
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

    /// <summary>Fired by the scheduler when it drops the ticket; stops its reconstruction.</summary>
    public CancellationTokenSource Cancellation { get; } = new();
}
