using RiffusionVst.Engine.Service.Cache;

namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>What the delivery stage is asked for: one image fitted to one client's settings, and the times the loop took before it.</summary>
/// <param name="Generation">The image and the request that made it.</param>
/// <param name="Settings">Tempo, rate, channels, and whether the PNG goes along.</param>
/// <param name="Arrived">When the request arrived (<see cref="System.Diagnostics.Stopwatch"/> timestamp); the total is counted from it.</param>
/// <param name="QueuedMs">Time its image job waited for the generator (0 for a cached image).</param>
/// <param name="DiffusionTime">The generator's diffusion time (zero for a cached image).</param>
/// <param name="DecodeTime">The generator's decode time (zero for a cached image).</param>
internal sealed record DeliveryOrder(CachedGeneration Generation, DeliverySettings Settings, long Arrived, double QueuedMs, TimeSpan DiffusionTime, TimeSpan DecodeTime);
