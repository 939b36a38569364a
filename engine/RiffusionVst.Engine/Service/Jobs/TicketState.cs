namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>Where one requested loop is; read and changed only by <see cref="JobScheduler"/>, under its lock.</summary>
/// <remarks>A ticket delivered, failed, superseded or cancelled has no state: the scheduler forgets it, and a stage
/// that finishes for a forgotten ticket sends nothing.</remarks>
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
}
