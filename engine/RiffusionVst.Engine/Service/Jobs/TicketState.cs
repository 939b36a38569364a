namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>Where one requested loop is; read and changed only by <see cref="JobScheduler"/>, under its lock.</summary>
internal enum TicketState
{
    /// <summary>Its image job waits in a client queue.</summary>
    Queued,

    /// <summary>Its image job is running on the generator.</summary>
    Diffusing,

    /// <summary>Its image exists; waiting for a reconstruction slot.</summary>
    AwaitingReconstruction,

    /// <summary>Being turned into audio and written.</summary>
    Reconstructing,

    /// <summary>Delivered or failed.</summary>
    Done,

    /// <summary>Superseded, cancelled, or its client left.</summary>
    Dropped,
}
