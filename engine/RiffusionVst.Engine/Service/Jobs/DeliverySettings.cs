namespace RiffusionVst.Engine.Service.Jobs;

/// <summary>How a generation is turned into the loop a client gets: tempo, rate, channels, and whether the PNG goes along.</summary>
internal sealed record DeliverySettings(double Bpm, int SampleRate, int Channels, bool IncludePng);
