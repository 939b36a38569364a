using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RiffusionVst.Dsp.Spectrogram.Fft;

/// <summary>The O(n) steps around the half-length complex FFT of an even real transform, vectorised where the CPU allows.</summary>
/// <remarks>
/// Packing: z[j] = x[2j] + i·x[2j+1]. With Z = FFT(z), E = FFT(even samples) = (Z[k] + conj(Z[m−k]))/2,
/// O = FFT(odd samples) = (Z[k] − conj(Z[m−k]))/(2i) and X[k] = E[k] + w^k·O[k], w = exp(−2πi/n).
/// The loops pair bin k with bin m−k, so the vector paths read the mirrored block reversed.
/// </remarks>
internal static class RealSpectrumSplit
{
    private static readonly bool UseAvx2 = Avx2.IsSupported;

    /// <summary>zr[j] = x[2j], zi[j] = x[2j+1] for j &lt; m.</summary>
    public static void Deinterleave(ReadOnlySpan<float> x, Span<float> zr, Span<float> zi, int m)
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float r0 = ref MemoryMarshal.GetReference(zr);
        ref float i0 = ref MemoryMarshal.GetReference(zi);
        int j = 0;
        if (UseAvx2)
        {
            for (; j <= m - 8; j += 8)
            {
                Vector256<float> a = Vector256.LoadUnsafe(ref x0, (nuint)(2 * j));
                Vector256<float> b = Vector256.LoadUnsafe(ref x0, (nuint)((2 * j) + 8));

                // Shuffle picks evens (odds) within each 128-bit half; the 64-bit permute puts the halves in order.
                Vector256<float> evens = Avx2.Permute4x64(Avx.Shuffle(a, b, 0x88).AsDouble(), 0xD8).AsSingle();
                Vector256<float> odds = Avx2.Permute4x64(Avx.Shuffle(a, b, 0xDD).AsDouble(), 0xD8).AsSingle();
                evens.StoreUnsafe(ref r0, (nuint)j);
                odds.StoreUnsafe(ref i0, (nuint)j);
            }
        }

        for (; j < m; j++)
        {
            Unsafe.Add(ref r0, j) = Unsafe.Add(ref x0, 2 * j);
            Unsafe.Add(ref i0, j) = Unsafe.Add(ref x0, (2 * j) + 1);
        }
    }

    /// <summary>x[2j] = zr[j]·scale, x[2j+1] = zi[j]·scale for j &lt; m.</summary>
    public static void Interleave(ReadOnlySpan<float> zr, ReadOnlySpan<float> zi, Span<float> x, int m, float scale)
    {
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float r0 = ref MemoryMarshal.GetReference(zr);
        ref float i0 = ref MemoryMarshal.GetReference(zi);
        int j = 0;
        if (UseAvx2)
        {
            Vector256<float> s = Vector256.Create(scale);
            for (; j <= m - 8; j += 8)
            {
                Vector256<float> re = Vector256.LoadUnsafe(ref r0, (nuint)j) * s;
                Vector256<float> im = Vector256.LoadUnsafe(ref i0, (nuint)j) * s;
                Vector256<float> low = Avx.UnpackLow(re, im);   // r0 i0 r1 i1 | r4 i4 r5 i5
                Vector256<float> high = Avx.UnpackHigh(re, im); // r2 i2 r3 i3 | r6 i6 r7 i7
                Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref x0, (nuint)(2 * j));
                Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref x0, (nuint)((2 * j) + 8));
            }
        }

        for (; j < m; j++)
        {
            Unsafe.Add(ref x0, 2 * j) = Unsafe.Add(ref r0, j) * scale;
            Unsafe.Add(ref x0, (2 * j) + 1) = Unsafe.Add(ref i0, j) * scale;
        }
    }

    /// <summary>One-sided spectrum X[0..m] from Z = FFT of the packed samples.</summary>
    public static void Forward(ReadOnlySpan<float> zr, ReadOnlySpan<float> zi, float[] wr, float[] wi, Span<float> real, Span<float> imag, int m)
    {
        // DC and Nyquist pair Z[0] with itself.
        real[0] = zr[0] + zi[0];
        imag[0] = 0f;
        real[m] = zr[0] - zi[0];
        imag[m] = 0f;

        ref float zr0 = ref MemoryMarshal.GetReference(zr);
        ref float zi0 = ref MemoryMarshal.GetReference(zi);
        ref float wr0 = ref MemoryMarshal.GetArrayDataReference(wr);
        ref float wi0 = ref MemoryMarshal.GetArrayDataReference(wi);
        ref float xr0 = ref MemoryMarshal.GetReference(real);
        ref float xi0 = ref MemoryMarshal.GetReference(imag);
        int k = 1;
        if (Vector256.IsHardwareAccelerated && m - 1 >= 8)
        {
            Vector256<float> half = Vector256.Create(0.5f);
            Vector256<int> reverse = Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0);
            for (int start = 1; start < m; start += 8)
            {
                // Overlapping the last block recomputes a few bins; each bin only reads Z, so that is harmless.
                nint b = Math.Min(start, m - 8);
                nint mirror = m - b - 7;
                Vector256<float> zkr = Vector256.LoadUnsafe(ref zr0, (nuint)b);
                Vector256<float> zki = Vector256.LoadUnsafe(ref zi0, (nuint)b);
                Vector256<float> zcr = Vector256.Shuffle(Vector256.LoadUnsafe(ref zr0, (nuint)mirror), reverse);
                Vector256<float> zcn = Vector256.Shuffle(Vector256.LoadUnsafe(ref zi0, (nuint)mirror), reverse);

                // zc = conj(Z[m−k]) = (zcr, −zcn).
                Vector256<float> er = half * (zkr + zcr), ei = half * (zki - zcn);
                Vector256<float> or = half * (zki + zcn), oi = half * (zcr - zkr);
                Vector256<float> cr = Vector256.LoadUnsafe(ref wr0, (nuint)b), ci = Vector256.LoadUnsafe(ref wi0, (nuint)b);
                (er + (cr * or) - (ci * oi)).StoreUnsafe(ref xr0, (nuint)b);
                (ei + (cr * oi) + (ci * or)).StoreUnsafe(ref xi0, (nuint)b);
            }

            k = m;
        }

        for (; k < m; k++)
        {
            float zkr = zr[k], zki = zi[k];
            float zcr = zr[m - k], zci = -zi[m - k];
            float er = 0.5f * (zkr + zcr), ei = 0.5f * (zki + zci);
            float or = 0.5f * (zki - zci), oi = -0.5f * (zkr - zcr);
            real[k] = er + (wr[k] * or) - (wi[k] * oi);
            imag[k] = ei + (wr[k] * oi) + (wi[k] * or);
        }
    }

    /// <summary>2·Z[k] for k &lt; m from the one-sided spectrum (imaginary parts of DC and Nyquist ignored).</summary>
    public static void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, float[] wr, float[] wi, Span<float> zr, Span<float> zi, int m)
    {
        // k = 0 pairs DC with Nyquist: 2E = X0 + Xm, 2O = X0 − Xm, both real.
        zr[0] = real[0] + real[m];
        zi[0] = real[0] - real[m];

        ref float xr0 = ref MemoryMarshal.GetReference(real);
        ref float xi0 = ref MemoryMarshal.GetReference(imag);
        ref float wr0 = ref MemoryMarshal.GetArrayDataReference(wr);
        ref float wi0 = ref MemoryMarshal.GetArrayDataReference(wi);
        ref float zr0 = ref MemoryMarshal.GetReference(zr);
        ref float zi0 = ref MemoryMarshal.GetReference(zi);
        int k = 1;
        if (Vector256.IsHardwareAccelerated && m - 1 >= 8)
        {
            Vector256<int> reverse = Vector256.Create(7, 6, 5, 4, 3, 2, 1, 0);
            for (int start = 1; start < m; start += 8)
            {
                nint b = Math.Min(start, m - 8);
                nint mirror = m - b - 7;
                Vector256<float> xkr = Vector256.LoadUnsafe(ref xr0, (nuint)b);
                Vector256<float> xki = Vector256.LoadUnsafe(ref xi0, (nuint)b);
                Vector256<float> xcr = Vector256.Shuffle(Vector256.LoadUnsafe(ref xr0, (nuint)mirror), reverse);
                Vector256<float> xcn = Vector256.Shuffle(Vector256.LoadUnsafe(ref xi0, (nuint)mirror), reverse);

                // xc = conj(X[m−k]) = (xcr, −xcn); 2O = (X[k] − xc)·conj(w^k); 2Z = 2E + i·2O.
                Vector256<float> er = xkr + xcr, ei = xki - xcn;
                Vector256<float> dr = xkr - xcr, di = xki + xcn;
                Vector256<float> cr = Vector256.LoadUnsafe(ref wr0, (nuint)b), ci = Vector256.LoadUnsafe(ref wi0, (nuint)b);
                Vector256<float> or = (dr * cr) + (di * ci);
                Vector256<float> oi = (di * cr) - (dr * ci);
                (er - oi).StoreUnsafe(ref zr0, (nuint)b);
                (ei + or).StoreUnsafe(ref zi0, (nuint)b);
            }

            k = m;
        }

        for (; k < m; k++)
        {
            float xkr = real[k], xki = imag[k];
            float xcr = real[m - k], xci = -imag[m - k];
            float er = xkr + xcr, ei = xki + xci;
            float dr = xkr - xcr, di = xki - xci;
            float or = (dr * wr[k]) + (di * wi[k]);
            float oi = (di * wr[k]) - (dr * wi[k]);
            zr[k] = er - oi;
            zi[k] = ei + or;
        }
    }
}
