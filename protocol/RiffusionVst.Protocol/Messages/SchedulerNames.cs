namespace RiffusionVst.Protocol.Messages;

/// <summary>Scheduler names understood on the wire (lower case; compared without regard to case).</summary>
public static class SchedulerNames
{
    /// <summary>PNDM with skipped PRK steps: the scheduler riffusion shipped with.</summary>
    public const string Pndm = "pndm";

    /// <summary>DDIM, eta 0.</summary>
    public const string Ddim = "ddim";

    /// <summary>Euler (Karras et al.).</summary>
    public const string Euler = "euler";

    /// <summary>Euler ancestral.</summary>
    public const string EulerAncestral = "euler-ancestral";

    /// <summary>DPM-Solver++ (2M).</summary>
    public const string DpmSolverMultistep = "dpm-solver++";

    /// <summary>LMS discrete.</summary>
    public const string Lms = "lms";

    /// <summary>Every name above, for validation when the engine has not said which it supports.</summary>
    public static IReadOnlyList<string> All { get; } = [Pndm, Ddim, Euler, EulerAncestral, DpmSolverMultistep, Lms];
}
