using RiffusionVst.Protocol.Messages;
using RiffusionVst.Protocol.Validation;

namespace RiffusionVst.Protocol.Tests.Validation;

public class RenderFromImagesValidationTests
{
    private static RenderFromImages Valid() => new()
    {
        RequestId = 5,
        Images = [new StoredImage { Alpha = 0, Png = [1] }, new StoredImage { Alpha = 0.5f, Png = [2] }, new StoredImage { Alpha = 1, Png = [3] }],
        Bpm = 120,
        Bars = 8,
        BeatsPerBar = 4,
        SampleRate = 48000,
        Channels = 2,
    };

    [Fact]
    public void A_sensible_request_passes() => Assert.Null(MessageValidator.Validate(Valid()));

    public static TheoryData<string, string> Spoilt => new()
    {
        { "no images", "RenderFromImages has 0 images; give 1 to 64." },
        { "empty png", "Image 2 of RenderFromImages has no PNG bytes; send every stored image, or render anew." },
        { "alpha", "Images[2].Alpha is 1.5; alpha is the morph position from 0 (prompt A) to 1 (prompt B)." },
        { "bpm", "BPM is 0; set the host tempo to a value above 0 and at most 999." },
        { "bars", "Bars is 9; choose 1 to 8 bars." },
        { "rate", "Sample rate is 1000 Hz; use 8000 to 384000 Hz." },
        { "channels", "Channels is 3; use 1 (mono) or 2 (stereo)." },
        { "too long", "A loop of 8 bars of 16 beats at 1 BPM is 368640000 samples per channel, over the 128 MiB message limit; use a faster tempo, a lower sample rate or mono." },
    };

    [Theory]
    [MemberData(nameof(Spoilt))]
    public void Impossible_values_get_an_invalid_request_error_naming_the_problem(string spoil, string expected)
    {
        RenderFromImages request = Valid();
        switch (spoil)
        {
            case "no images": request.Images = []; break;
            case "empty png": request.Images[1].Png = []; break;
            case "alpha": request.Images[2].Alpha = 1.5f; break;
            case "bpm": request.Bpm = 0; break;
            case "bars": request.Bars = 9; break;
            case "rate": request.SampleRate = 1000; break;
            case "channels": request.Channels = 3; break;
            case "too long": (request.Bars, request.BeatsPerBar, request.Bpm) = (8, 16, 1); break;
        }
        ErrorMessage error = MessageValidator.Validate(request)!;
        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Equal(5, error.RequestId);
        Assert.Equal(expected, error.Message);
    }
}
