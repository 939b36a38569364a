using RiffusionVst.Dsp.Audio;
using RiffusionVst.Dsp.Spectrogram;
using RiffusionVst.Engine.Service.Clips;
using RiffusionVst.Engine.Service.Generation;

namespace RiffusionVst.Engine.Tests.Service.Clips;

public class ClipSidecarTests
{
    [Fact]
    public void A_sidecar_the_library_wrote_reads_back_with_its_prompts_shape_tempo_and_identity()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rvt-sidecar-" + Guid.NewGuid().ToString("N"));
        try
        {
            var info = new ClipInfo
            {
                Generation = new ImageRequest { PromptA = new("dub", 1, 0.75f, 7), PromptB = new("techno", 2, 0.75f, 7), Alpha = 0.25f, Bars = 3, BeatsPerBar = 7 },
                CreatedUtc = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero),
                GenerationKey = "abc",
                Bpm = 97.5,
                SampleRate = 8000,
                Channels = 1,
                LengthSamples = 16_000,
            };
            ClipFiles files = new ClipLibrary(folder).Write(new AudioClip(8000, new float[16_000]), new RgbImage(256, 512), info);

            ClipSidecar sidecar = Assert.IsType<ClipSidecar>(ClipSidecar.Read(files.JsonPath));

            Assert.Equal(new ClipSidecar("dub", "techno", 0.25f, 3, 7, 97.5, info.CreatedUtc, "abc", 8000, 1, 16_000), sidecar);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"bpm\": 120}")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"generation\": {\"promptA\": 5}}")]
    public void A_file_that_is_not_a_sidecar_of_ours_reads_as_nothing(string contents)
    {
        string path = Path.Combine(Path.GetTempPath(), "rvt-sidecar-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, contents);
        try
        {
            Assert.Null(ClipSidecar.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
