namespace RiffusionVst.Engine.Diffusion.Model;

/// <summary>What the VAE encoder graph returns; exporters differ.</summary>
public enum VaeEncoderOutputKind
{
    /// <summary><c>latent_parameters</c> [B,8,h,w]: mean and log-variance; we draw the sample with caller-supplied noise (newer exports).</summary>
    LatentParameters,

    /// <summary><c>latent_sample</c> [B,4,h,w]: already sampled inside the graph (older exports).</summary>
    LatentSample,
}
