namespace RiffusionVst.Engine.Diffusion.Noise;

/// <summary>
/// The single-precision log and sincos of torch's AVX2 <c>randn</c> kernel (Cephes' polynomials as in
/// <c>avx_mathfun.h</c>), lane by lane. The compiler fuses some of its multiply-adds; which ones was found by comparing
/// with torch's own values (no value of five seeds × 16 384 differs), and each fused step is written as an explicit FMA.
/// </summary>
internal static class TorchAvx2Math
{
    private const float SqrtHalf = 0.707106781186547524f;
    private const float FourOverPi = 1.27323954473516f;

    /// <summary>Natural logarithm for x &gt; 0.</summary>
    public static float Log(float x)
    {
        if (!(x > 0f))
        {
            return float.NaN;
        }

        x = MathF.Max(x, BitConverter.Int32BitsToSingle(0x00800000));
        int bits = BitConverter.SingleToInt32Bits(x);
        int exponent = (int)((uint)bits >> 23) - 0x7F;
        x = BitConverter.Int32BitsToSingle((bits & ~0x7F800000) | BitConverter.SingleToInt32Bits(0.5f));
        float e = exponent + 1f;
        bool small = x < SqrtHalf;
        float tmp = small ? x : 0f;
        x -= 1f;
        e -= small ? 1f : 0f;
        x += tmp;

        float z = x * x;
        float y = 7.0376836292E-2f;
        y = MathF.FusedMultiplyAdd(y, x, -1.1514610310E-1f);
        y = MathF.FusedMultiplyAdd(y, x, 1.1676998740E-1f);
        y = MathF.FusedMultiplyAdd(y, x, -1.2420140846E-1f);
        y = MathF.FusedMultiplyAdd(y, x, 1.4249322787E-1f);
        y = MathF.FusedMultiplyAdd(y, x, -1.6668057665E-1f);
        y = MathF.FusedMultiplyAdd(y, x, 2.0000714765E-1f);
        y = MathF.FusedMultiplyAdd(y, x, -2.4999993993E-1f);
        y = MathF.FusedMultiplyAdd(y, x, 3.3333331174E-1f);
        y *= x;
        y = MathF.FusedMultiplyAdd(y, z, e * -2.12194440e-4f);
        y = MathF.FusedMultiplyAdd(-z, 0.5f, y);
        x += y;
        return MathF.FusedMultiplyAdd(e, 0.693359375f, x);
    }

    /// <summary>Sine and cosine of a finite angle of modest size (torch passes 2π·u, u in [0, 1)).</summary>
    public static void SinCos(float angle, out float sine, out float cosine)
    {
        int signSin = BitConverter.SingleToInt32Bits(angle) & unchecked((int)0x80000000);
        float x = MathF.Abs(angle);
        int j = (int)(x * FourOverPi);
        j = (j + 1) & ~1;
        float y = j;
        int swapSignSin = (j & 4) << 29;
        bool sinePolynomial = (j & 2) == 0;

        // Extended-precision reduction x − y·π/4 in three parts.
        x = MathF.FusedMultiplyAdd(y, -0.78515625f, x);
        x = MathF.FusedMultiplyAdd(y, -2.4187564849853515625e-4f, x);
        x = MathF.FusedMultiplyAdd(y, -3.77489497744594108e-8f, x);
        int signCos = (~(j - 2) & 4) << 29;
        signSin ^= swapSignSin;

        float z = x * x;
        float yc = 2.443315711809948E-005f;
        yc = MathF.FusedMultiplyAdd(yc, z, -1.388731625493765E-003f);
        yc = MathF.FusedMultiplyAdd(yc, z, 4.166664568298827E-002f);
        yc *= z;
        yc = MathF.FusedMultiplyAdd(yc, z, -(z * 0.5f));
        yc += 1f;

        float ys = -1.9515295891E-4f;
        ys = MathF.FusedMultiplyAdd(ys, z, 8.3321608736E-3f);
        ys = MathF.FusedMultiplyAdd(ys, z, -1.6666654611E-1f);
        ys *= z;
        ys = MathF.FusedMultiplyAdd(ys, x, x);

        // The kernel's blend by masks, with its additions (they decide the sign of a zero).
        float sinFromSine = sinePolynomial ? ys : 0f;
        float sinFromCos = sinePolynomial ? 0f : yc;
        float restSine = ys - sinFromSine;
        float restCos = yc - sinFromCos;
        sine = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(sinFromCos + sinFromSine) ^ signSin);
        cosine = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(restCos + restSine) ^ signCos);
    }
}
