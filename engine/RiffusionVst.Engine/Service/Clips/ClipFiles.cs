namespace RiffusionVst.Engine.Service.Clips;

/// <summary>The three files of one clip, sharing a stem.</summary>
/// <param name="WavPath">The loop (acid tempo and beats, smpl loop points).</param>
/// <param name="PngPath">Its spectrogram image.</param>
/// <param name="JsonPath">Its settings (a <see cref="ClipInfo"/>).</param>
public sealed record ClipFiles(string WavPath, string PngPath, string JsonPath);
