namespace RiffusionVst.Protocol.Messages;

/// <summary>The scheduler names of the whole system (lower case; compared without regard to case): the wire, the engine and the CLI use these.</summary>
/// <remarks>Only schedulers the engine implements are listed; an engine may still offer fewer (see <see cref="Welcome.Schedulers"/>).</remarks>
public static class SchedulerNames
{
    /// <summary>PNDM with skipped PRK steps (PLMS): the scheduler riffusion shipped with.</summary>
    public const string Pndm = "pndm";

    /// <summary>DDIM, eta 0.</summary>
    public const string Ddim = "ddim";

    /// <summary>DPM-Solver++ (2M, second-order multistep).</summary>
    public const string DpmSolverMultistep = "dpmpp2m";

    /// <summary>Euler discrete (Karras et al.).</summary>
    public const string Euler = "euler";

    /// <summary>Latent consistency model sampling (for LCM-distilled weights; a few steps).</summary>
    public const string Lcm = "lcm";

    /// <summary>Every name above, in the order help texts list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Pndm, Ddim, DpmSolverMultistep, Euler, Lcm];

    /// <summary>The listed spelling of <paramref name="name"/> (case and surrounding blanks ignored), or null when it is not a scheduler.</summary>
    public static string? Find(string? name) => Vocabulary.Find(All, name);
}
