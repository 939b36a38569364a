using RiffusionVst.Dsp.Spectrogram.Image;
using System.Diagnostics;
using RiffusionVst.Engine.Diffusion.Model;
using RiffusionVst.Engine.Diffusion.Noise;
using RiffusionVst.Engine.Diffusion.Schedulers;
using RiffusionVst.Engine.Diffusion.Text;
using RiffusionVst.Dsp.Spectrogram;

namespace RiffusionVst.Engine.Diffusion.Pipeline;

/// <summary>
/// Riffusion's diffusion pipeline (its "riffuse": img2img with interpolation, plus plain text-to-image): composes the
/// model's runners and a scheduler, and owns no scheduler math. Latent, noise and embedding buffers are kept between
/// steps and between generations of the same size, so a step allocates nothing large. Not thread-safe: one
/// generation at a time per instance (the model's runners are not thread-safe either).
/// </summary>
public sealed class RiffusionPipeline
{
    /// <summary>The VAE latent scaling of Stable Diffusion 1.x, applied outside the graphs.</summary>
    public const float LatentScale = 0.18215f;

    /// <summary>Images are cut down to a multiple of this before VAE encoding.</summary>
    public const int SizeMultiple = 32;

    private readonly ModelFolder _model;
    private readonly Dictionary<string, IScheduler> _schedulers = [];

    private float[] _latents = [];
    private float[] _modelInput = [];
    private float[] _prediction = [];
    private float[] _guided = [];
    private float[] _noise = [];
    private float[] _noiseA = [];
    private float[] _noiseB = [];
    private float[] _initLatent = [];
    private float[] _vaeNoise = [];
    private float[] _kept = [];
    private float[] _mask = [];
    private float[] _text = [];
    private float[] _imageTensor = [];

    /// <summary>A pipeline over an opened model, its tokenizer and its scheduler settings.</summary>
    public RiffusionPipeline(ModelFolder model, ClipTokenizer tokenizer, SchedulerConfig schedulerConfig)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        SchedulerConfig = schedulerConfig ?? throw new ArgumentNullException(nameof(schedulerConfig));
        Prompts = new PromptEncoder(tokenizer, model.TextEncoder);
    }

    /// <summary>The model's scheduler settings (steps_offset, betas, default scheduler).</summary>
    public SchedulerConfig SchedulerConfig { get; }

    /// <summary>The prompt encoder (weighted, chunked, cached embeddings).</summary>
    public PromptEncoder Prompts { get; }

    /// <summary>Creates a pipeline reading the tokenizer and scheduler config from the model folder.</summary>
    public static RiffusionPipeline Create(ModelFolder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new RiffusionPipeline(
            model,
            ClipTokenizer.FromFiles(model.VocabularyPath, model.MergesPath),
            SchedulerConfig.FromFile(model.SchedulerConfigPath));
    }

    /// <summary>
    /// Runs one generation, in Riffusion's order: 1 encode the text, 2 size the latent and choose the timesteps,
    /// 3 draw the noise, 4 encode the seed image, 5 noise the latent (and shrink the mask), 6 denoise, 7 decode.
    /// Progress is reported after every step; cancellation is checked before every step, so a cancelled job stops
    /// within one step (<see cref="OperationCanceledException"/>). The same request gives a byte-identical image.
    /// </summary>
    /// <exception cref="ArgumentException">A value of the request is out of range or a prompt is too long.</exception>
    public DiffusionResult Generate(DiffusionRequest request, IProgress<DiffusionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        double alpha = request.Alpha;
        double guidance = Interpolate(request.Start.Guidance, request.EffectiveEnd.Guidance, alpha);
        double strength = Interpolate(request.Start.Denoising, request.EffectiveEnd.Denoising, alpha);
        RgbImage? seed = request.SeedImage;

        long t0 = Stopwatch.GetTimestamp();
        Conditioning text = EncodeText(request, guidance);                                     // 1
        long t1 = Stopwatch.GetTimestamp();
        LatentShape shape = SizeLatents(request);                                             // 2
        IScheduler scheduler = ChooseTimesteps(request);
        GaussianNoise stepNoise = DrawNoise(request, alpha);                                  // 3
        if (seed is not null)
        {
            EncodeSeed(seed, shape);                                                          // 4
        }

        (DenoisingWindow window, int? noiseTimestep) = NoiseLatents(request, strength, shape, scheduler); // 5
        long t2 = Stopwatch.GetTimestamp();
        (int[] ran, long unetTicks) = Denoise(                                                // 6
            scheduler, window, text, shape, request.Mask is not null, stepNoise, progress, cancellationToken);
        long t3 = Stopwatch.GetTimestamp();
        RgbImage image = Decode(shape);                                                       // 7
        long t4 = Stopwatch.GetTimestamp();
        return new DiffusionResult
        {
            Image = image,
            Timesteps = ran,
            NoiseTimestep = noiseTimestep,
            TextEncodingTime = Stopwatch.GetElapsedTime(t0, t1),
            ImageEncodingTime = seed is null ? TimeSpan.Zero : Stopwatch.GetElapsedTime(t1, t2),
            DenoisingTime = Stopwatch.GetElapsedTime(t2, t3),
            UNetTime = TimeSpan.FromSeconds((double)unetTicks / Stopwatch.Frequency),
            DecodingTime = Stopwatch.GetElapsedTime(t3, t4),
        };
    }

    /// <summary>
    /// Riffusion's <c>a(1 − α) + bα</c>, but exactly <c>a</c> when both ends agree: otherwise 0.75 at α = 0.3 comes out
    /// just under 0.75 and int(steps·s) loses a step.
    /// </summary>
    private static double Interpolate(double a, double b, double alpha) => a == b ? a : a * (1 - alpha) + b * alpha;

    /// <summary>
    /// Step 1: fills the text buffer with [unconditional; E] (or E alone without guidance, which is off at a scale of
    /// 1 or less) and says how to read it.
    /// </summary>
    private Conditioning EncodeText(DiffusionRequest request, double guidance)
    {
        bool guided = guidance > 1.0;
        PromptSettings start = request.Start, end = request.EffectiveEnd;
        int chunks = Prompts.ChunkCount(start.Prompt, "start prompt");
        chunks = Math.Max(chunks, Prompts.ChunkCount(end.Prompt, "end prompt"));
        if (guided)
        {
            chunks = Math.Max(chunks, Prompts.ChunkCount(request.NegativePrompt, "negative prompt"));
        }

        float[] a = Prompts.Encode(start.Prompt, chunks);
        float[] b = end.Prompt == start.Prompt ? a : Prompts.Encode(end.Prompt, chunks);
        int size = a.Length;
        EnsureSize(ref _text, 2 * size);
        Span<float> conditional = _text.AsSpan(guided ? size : 0, size);
        float alpha = (float)request.Alpha, keep = 1f - alpha;

        // (1 − α)·E_A + α·E_B equals E_A + α(E_B − E_A) and is exact at both ends.
        for (int i = 0; i < size; i++)
        {
            conditional[i] = keep * a[i] + alpha * b[i];
        }

        if (guided)
        {
            Prompts.Encode(request.NegativePrompt, chunks).CopyTo(_text, 0);
        }

        return new Conditioning(guided ? 2 * size : size, guided, (float)guidance);
    }

    /// <summary>
    /// Step 2a: the image size (the seed image's, cut down to a multiple of <see cref="SizeMultiple"/>, or the
    /// request's for text-to-image), the latent's an eighth of it; the buffers follow it.
    /// </summary>
    private LatentShape SizeLatents(DiffusionRequest request)
    {
        RgbImage? seed = request.SeedImage;
        int width = seed is null ? request.Width : seed.Width - seed.Width % SizeMultiple;
        int height = seed is null ? request.Height : seed.Height - seed.Height % SizeMultiple;
        var shape = new LatentShape(height / 8, width / 8);
        EnsureLatentBuffers(shape.Count);
        return shape;
    }

    /// <summary>Step 2b: the request's scheduler (kept between generations), set to the request's step count.</summary>
    private IScheduler ChooseTimesteps(DiffusionRequest request)
    {
        IScheduler scheduler = Scheduler(request.Scheduler);
        scheduler.SetTimesteps(request.Steps);
        return scheduler;
    }

    /// <summary>
    /// Step 3: the request's noise source draws the VAE's sampling noise (whenever there is a seed image, so noise A
    /// does not depend on whether the export samples inside its encoder graph), noise A and noise B; the latent noise
    /// is their slerp. Returns the stream that schedulers which re-noise between steps continue with.
    /// </summary>
    private GaussianNoise DrawNoise(DiffusionRequest request, double alpha)
    {
        GaussianNoise stepNoise = request.Noise.Draw(
            request.Start.Seed, request.EffectiveEnd.Seed, request.SeedImage is null ? [] : _vaeNoise, _noiseA, _noiseB);
        Slerp.Interpolate(alpha, _noiseA, _noiseB, _noise);
        return stepNoise;
    }

    /// <summary>Step 4: the seed image, Lanczos-resized to the latent's size × 8, VAE-encoded and scaled into the init latent.</summary>
    private void EncodeSeed(RgbImage seed, LatentShape shape)
    {
        int width = shape.ImageWidth, height = shape.ImageHeight;
        RgbImage sized = LanczosResize.Resize(seed, width, height);
        EnsureSize(ref _imageTensor, 3 * width * height);
        ImageTensor.ToTensor(sized, _imageTensor);
        _model.VaeEncoder.Encode(_imageTensor, height, width, _model.VaeEncoder.NeedsNoise ? _vaeNoise : [], _initLatent);
        int n = shape.Count;
        for (int i = 0; i < n; i++)
        {
            _initLatent[i] *= LatentScale;
        }
    }

    /// <summary>
    /// Step 5: the starting latent — pure noise times the scheduler's initial sigma for text-to-image, or the init
    /// latent noised to the first timestep of Riffusion's img2img window — and the mask shrunk to the latent.
    /// Returns the window and the timestep the init latent was noised at (null for text-to-image).
    /// </summary>
    private (DenoisingWindow Window, int? NoiseTimestep) NoiseLatents(DiffusionRequest request, double strength, LatentShape shape, IScheduler scheduler)
    {
        IReadOnlyList<int> timesteps = scheduler.Timesteps;
        int n = shape.Count;
        DenoisingWindow window;
        int? noiseTimestep = null;
        if (request.SeedImage is null)
        {
            window = DenoisingWindow.ForTextToImage(timesteps.Count);
            float sigma = scheduler.InitNoiseSigma;
            for (int i = 0; i < n; i++)
            {
                _latents[i] = _noise[i] * sigma;
            }
        }
        else
        {
            window = DenoisingWindow.ForImageToImage(request.Steps, strength, SchedulerConfig.StepsOffset, timesteps.Count);
            noiseTimestep = timesteps[window.NoiseIndex];
            scheduler.AddNoise(_initLatent, _noise, noiseTimestep.Value, _latents);
        }

        if (request.Mask is { } mask)
        {
            LatentMask.Build(mask, shape.Height, shape.Width, _mask);
        }

        return (window, noiseTimestep);
    }

    /// <summary>
    /// Step 6: the denoising loop over the window's timesteps — the UNet (both guidance halves in one batch), the
    /// guidance combination, one scheduler step with the generation's noise, and with a mask the kept parts put back
    /// at the new noise level. Allocates nothing per step. Returns the timesteps that ran and the ticks spent in the UNet.
    /// </summary>
    private (int[] Ran, long UNetTicks) Denoise(
        IScheduler scheduler,
        DenoisingWindow window,
        Conditioning text,
        LatentShape shape,
        bool masked,
        GaussianNoise stepNoise,
        IProgress<DiffusionProgress>? progress,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<int> timesteps = scheduler.Timesteps;
        int n = shape.Count;
        var ran = new int[window.StepCount];
        int batch = text.Guided ? 2 : 1;
        ReadOnlySpan<float> embedding = _text.AsSpan(0, text.Length);
        Span<float> modelInput = _modelInput.AsSpan(0, batch * n);
        Span<float> prediction = _prediction.AsSpan(0, batch * n);
        long unetTicks = 0;
        for (int step = 0; step < ran.Length; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int t = timesteps[window.StartIndex + step];
            Span<float> first = modelInput[..n];
            _latents.CopyTo(first);
            scheduler.ScaleModelInput(first, t);
            if (text.Guided)
            {
                first.CopyTo(modelInput[n..]);
            }

            long unetStart = Stopwatch.GetTimestamp();
            _model.UNet.Predict(modelInput, batch, shape.Height, shape.Width, t, embedding, prediction);
            unetTicks += Stopwatch.GetTimestamp() - unetStart;
            if (text.Guided)
            {
                // Classifier-free guidance: the unconditional half comes first.
                ClassifierFreeGuidance.Combine(prediction[..n], prediction[n..], text.Scale, _guided);
                scheduler.Step(_guided, t, _latents, stepNoise);
            }
            else
            {
                scheduler.Step(prediction, t, _latents, stepNoise);
            }

            if (masked)
            {
                scheduler.AddNoise(_initLatent, _noise, t, _kept);
                for (int i = 0; i < n; i++)
                {
                    float m = _mask[i];
                    _latents[i] = _kept[i] * m + _latents[i] * (1 - m);
                }
            }

            ran[step] = t;
            progress?.Report(new DiffusionProgress(step + 1, ran.Length, t));
        }

        return (ran, unetTicks);
    }

    /// <summary>Step 7: the latent unscaled and VAE-decoded to the image.</summary>
    private RgbImage Decode(LatentShape shape)
    {
        int n = shape.Count;
        Span<float> scaled = _kept.AsSpan(0, n);
        for (int i = 0; i < n; i++)
        {
            scaled[i] = _latents[i] / LatentScale;
        }

        int width = shape.ImageWidth, height = shape.ImageHeight;
        EnsureSize(ref _imageTensor, 3 * width * height);
        _model.VaeDecoder.Decode(scaled, shape.Height, shape.Width, _imageTensor);
        return ImageTensor.FromTensor(_imageTensor, width, height);
    }

    private IScheduler Scheduler(string? name)
    {
        string key = name?.Trim().ToLowerInvariant() ?? string.Empty;
        if (!_schedulers.TryGetValue(key, out IScheduler? scheduler))
        {
            scheduler = key.Length == 0 ? SchedulerFactory.CreateDefault(SchedulerConfig) : SchedulerFactory.Create(key, SchedulerConfig);
            _schedulers[key] = scheduler;
        }

        return scheduler;
    }

    private void EnsureLatentBuffers(int n)
    {
        EnsureSize(ref _latents, n);
        EnsureSize(ref _modelInput, 2 * n);
        EnsureSize(ref _prediction, 2 * n);
        EnsureSize(ref _guided, n);
        EnsureSize(ref _noise, n);
        EnsureSize(ref _noiseA, n);
        EnsureSize(ref _noiseB, n);
        EnsureSize(ref _initLatent, n);
        EnsureSize(ref _vaeNoise, n);
        EnsureSize(ref _kept, n);
        EnsureSize(ref _mask, n);
    }

    private static void EnsureSize(ref float[] buffer, int length)
    {
        if (buffer.Length != length)
        {
            buffer = new float[length];
        }
    }

    /// <summary>The text buffer's length, and whether it holds both guidance halves (unconditional first) at which scale.</summary>
    private readonly record struct Conditioning(int Length, bool Guided, float Scale);

    /// <summary>The latent's rows and columns (an eighth of the image's); four channels.</summary>
    private readonly record struct LatentShape(int Height, int Width)
    {
        public int Count => UNet.LatentChannels * Height * Width;

        public int ImageHeight => 8 * Height;

        public int ImageWidth => 8 * Width;
    }
}
