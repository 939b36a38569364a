using RiffusionVst.Protocol.Messages;

namespace RiffusionVst.Protocol.Tests.Messages;

/// <summary>One message of every kind, with every field set to a value that differs from its default.</summary>
internal static class SampleMessages
{
    public static readonly Guid Instance = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    public static IEnumerable<Message> All()
    {
        yield return new Hello { ProtocolMajor = 1, ProtocolMinor = 3, ClientName = "RiffusionVst", ClientVersion = "0.1.0", InstanceId = Instance, Label = "Drums bus" };
        yield return new Welcome
        {
            ProtocolMajor = 1, ProtocolMinor = 2, EngineVersion = "0.2.0",
            Model = new ModelInfo { Name = "riffusion-model-v1", IsTiny = true, Device = "cuda:0" },
            Capabilities = [Capabilities.AlphaGrid, Capabilities.Retime],
            Schedulers = [SchedulerNames.Pndm, SchedulerNames.Ddim],
        };
        yield return new RenderRequest
        {
            RequestId = 42,
            PromptA = new PromptSpec { Text = "jazz (piano:1.2)", Seed = 12345678901, Denoising = 0.6f, Guidance = 7.5f },
            PromptB = new PromptSpec { Text = "funk bass", Seed = -7, Denoising = 0.8f, Guidance = 6f },
            NegativePrompt = "vocals",
            AlphaGrid = [0f, 0.25f, 0.5f, 0.75f, 1f],
            CurrentAlpha = 0.6f,
            Steps = 30,
            Scheduler = SchedulerNames.EulerAncestral,
            SeedAudio = new SeedAudio { Channels = [[0.5f, -0.25f, 1f], [0f, 0.125f, -1f]], SampleRate = 48000 },
            MaskPng = [0x89, 0x50, 0x4E, 0x47],
            Bpm = 127.5, Bars = 8, BeatsPerBar = 3, SampleRate = 96000, Channels = 1, IncludePng = true,
            Noise = NoiseNames.Riffusion,
        };
        yield return new RenderRequest { RequestId = 43, Alpha = 0.3f, SeedPattern = "og_beat", MaskName = "top-third" };
        yield return new Progress { RequestId = 42, Stage = ProgressStage.Diffusing, Step = 17, Total = 30, Alpha = 0.5f };
        yield return new LoopReady
        {
            RequestId = 42, Alpha = 0.75f, GenerationKey = "gen-abc", Bpm = 127.5, Bars = 8, BeatsPerBar = 3, SampleRate = 96000,
            Pcm = [[1f, -1f, 0.5f, float.Epsilon], [0f, 0f, -0.5f, 3.25f]],
            ClipPath = "/tmp/clips/loop.wav", Png = [1, 2, 3],
            Timings = new RenderTimings { QueuedMs = 1, DiffusionMs = 2.5, DecodeMs = 3, ReconstructionMs = 4, TotalMs = 10.5 },
        };
        yield return new Retime { RequestId = 44, GenerationKey = "gen-abc", Bpm = 90, SampleRate = 44100 };
        yield return new Retime { RequestId = 45, GenerationKey = "gen-abc", Bpm = null, SampleRate = 48000 };
        yield return new Cancel { RequestId = 42 };
        yield return Cancel.All();
        yield return ErrorMessage.Create(ErrorCode.UnknownGeneration, "evicted; render again", 44, fatal: true);
        yield return new Ping { Timestamp = 987654321, Echo = 5 };
        yield return new Pong { Timestamp = 987654321, Echo = 5 };
        yield return new InstanceState { InstanceId = Instance, Label = "Pads", PromptSlots = ["a", "b", "", "d", "e", "f", "g", "h"] };
        yield return new SetPromptSlot { InstanceId = Instance, Slot = 7, Text = "lofi hip hop" };
        yield return new ListInstances { RequestId = 9 };
        yield return new InstanceList
        {
            RequestId = 9,
            Instances = [new InstanceState { InstanceId = Instance, Label = "Pads", PromptSlots = ["x", "", "", "", "", "", "", "y"] }],
        };
    }

    public static IEnumerable<object[]> AllAsTheoryData() => All().Select((m, i) => new object[] { i, m.GetType().Name });

    public static Message ByIndex(int index) => All().ElementAt(index);
}
