using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RiffusionVst.Dsp.Spectrogram.Fft;

/// <summary>Runs one Stockham pass (forward sign) from one split re/im buffer pair into another.</summary>
/// <remarks>
/// The inner loop walks the <see cref="FftStage.Stride"/> interleaved sub-problems, which are contiguous, with the widest
/// vector that fits; a last partial group is handled by overlapping the previous one (out-of-place, so recomputing is harmless).
/// </remarks>
internal static class StockhamPass
{
    /// <summary>Applies <paramref name="stage"/> to <paramref name="xr"/>/<paramref name="xi"/>, writing <paramref name="yr"/>/<paramref name="yi"/>.</summary>
    public static void Run(FftStage stage, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi)
    {
        ref float xr0 = ref MemoryMarshal.GetReference(xr);
        ref float xi0 = ref MemoryMarshal.GetReference(xi);
        ref float yr0 = ref MemoryMarshal.GetReference(yr);
        ref float yi0 = ref MemoryMarshal.GetReference(yi);
        if (Vector256.IsHardwareAccelerated && stage.Stride >= Vector256<float>.Count)
        {
            Run<Lanes256>(stage, ref xr0, ref xi0, ref yr0, ref yi0);
        }
        else if (Vector128.IsHardwareAccelerated && stage.Stride >= Vector128<float>.Count)
        {
            Run<Lanes128>(stage, ref xr0, ref xi0, ref yr0, ref yi0);
        }
        else
        {
            Run<ScalarLanes>(stage, ref xr0, ref xi0, ref yr0, ref yi0);
        }
    }

    /// <summary>Runs every pass with the scalar path only (used by tests to check it against the vector path).</summary>
    internal static void RunScalar(FftStage stage, ReadOnlySpan<float> xr, ReadOnlySpan<float> xi, Span<float> yr, Span<float> yi) =>
        Run<ScalarLanes>(
            stage,
            ref MemoryMarshal.GetReference(xr),
            ref MemoryMarshal.GetReference(xi),
            ref MemoryMarshal.GetReference(yr),
            ref MemoryMarshal.GetReference(yi));

    private static void Run<TV>(FftStage stage, ref float xr, ref float xi, ref float yr, ref float yi)
        where TV : unmanaged, ILanes<TV>
    {
        switch (stage.Radix)
        {
            case 2:
                Radix2<TV>(stage, ref xr, ref xi, ref yr, ref yi);
                break;
            case 3:
                Radix3<TV>(stage, ref xr, ref xi, ref yr, ref yi);
                break;
            case 4:
                Radix4<TV>(stage, ref xr, ref xi, ref yr, ref yi);
                break;
            case 5:
                Radix5<TV>(stage, ref xr, ref xi, ref yr, ref yi);
                break;
            case 7:
                Radix7<TV>(stage, ref xr, ref xi, ref yr, ref yi);
                break;
            default:
                GenericOdd<TV>(stage, ref xr, ref xi, ref yr, ref yi);
                break;
        }
    }

    /// <summary>Stores (br + i·bi)·(wr + i·wi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRotated<TV>(TV br, TV bi, TV wr, TV wi, ref float yr, ref float yi, nint index)
        where TV : unmanaged, ILanes<TV>
    {
        TV.Store((br * wr) - (bi * wi), ref yr, index);
        TV.Store((br * wi) + (bi * wr), ref yi, index);
    }

    private static void Radix2<TV>(FftStage stage, ref float xr, ref float xi, ref float yr, ref float yi)
        where TV : unmanaged, ILanes<TV>
    {
        int s = stage.Stride;
        int m = stage.SubLength;
        int w = TV.Count;
        nint sm = (nint)s * m;
        ref float twr = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleReal);
        ref float twi = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleImag);
        for (int q = 0; q < m; q++)
        {
            TV w1r = TV.Broadcast(Unsafe.Add(ref twr, q));
            TV w1i = TV.Broadcast(Unsafe.Add(ref twi, q));
            nint input = (nint)s * q;
            nint output = (nint)s * 2 * q;
            for (int j0 = 0; j0 < s; j0 += w)
            {
                nint j = Math.Min(j0, s - w);
                nint i0 = input + j;
                TV a0r = TV.Load(ref xr, i0), a0i = TV.Load(ref xi, i0);
                TV a1r = TV.Load(ref xr, i0 + sm), a1i = TV.Load(ref xi, i0 + sm);
                nint o = output + j;
                TV.Store(a0r + a1r, ref yr, o);
                TV.Store(a0i + a1i, ref yi, o);
                StoreRotated(a0r - a1r, a0i - a1i, w1r, w1i, ref yr, ref yi, o + s);
            }
        }
    }

    private static void Radix3<TV>(FftStage stage, ref float xr, ref float xi, ref float yr, ref float yi)
        where TV : unmanaged, ILanes<TV>
    {
        int s = stage.Stride;
        int m = stage.SubLength;
        int w = TV.Count;
        nint sm = (nint)s * m;
        ref float twr = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleReal);
        ref float twi = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleImag);
        TV half = TV.Broadcast(0.5f);
        TV sin60 = TV.Broadcast(0.866025403784438646763723f);
        for (int q = 0; q < m; q++)
        {
            TV w1r = TV.Broadcast(Unsafe.Add(ref twr, 2 * q)), w1i = TV.Broadcast(Unsafe.Add(ref twi, 2 * q));
            TV w2r = TV.Broadcast(Unsafe.Add(ref twr, 2 * q + 1)), w2i = TV.Broadcast(Unsafe.Add(ref twi, 2 * q + 1));
            nint input = (nint)s * q;
            nint output = (nint)s * 3 * q;
            for (int j0 = 0; j0 < s; j0 += w)
            {
                nint j = Math.Min(j0, s - w);
                nint i0 = input + j;
                TV a0r = TV.Load(ref xr, i0), a0i = TV.Load(ref xi, i0);
                TV a1r = TV.Load(ref xr, i0 + sm), a1i = TV.Load(ref xi, i0 + sm);
                TV a2r = TV.Load(ref xr, i0 + 2 * sm), a2i = TV.Load(ref xi, i0 + 2 * sm);
                TV sr = a1r + a2r, si = a1i + a2i;
                TV tr = a0r - (half * sr), ti = a0i - (half * si);
                TV ur = sin60 * (a1i - a2i), ui = sin60 * (a2r - a1r);
                nint o = output + j;
                TV.Store(a0r + sr, ref yr, o);
                TV.Store(a0i + si, ref yi, o);
                StoreRotated(tr + ur, ti + ui, w1r, w1i, ref yr, ref yi, o + s);
                StoreRotated(tr - ur, ti - ui, w2r, w2i, ref yr, ref yi, o + 2 * s);
            }
        }
    }

    private static void Radix4<TV>(FftStage stage, ref float xr, ref float xi, ref float yr, ref float yi)
        where TV : unmanaged, ILanes<TV>
    {
        int s = stage.Stride;
        int m = stage.SubLength;
        int w = TV.Count;
        nint sm = (nint)s * m;
        ref float twr = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleReal);
        ref float twi = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleImag);
        for (int q = 0; q < m; q++)
        {
            TV w1r = TV.Broadcast(Unsafe.Add(ref twr, 3 * q)), w1i = TV.Broadcast(Unsafe.Add(ref twi, 3 * q));
            TV w2r = TV.Broadcast(Unsafe.Add(ref twr, 3 * q + 1)), w2i = TV.Broadcast(Unsafe.Add(ref twi, 3 * q + 1));
            TV w3r = TV.Broadcast(Unsafe.Add(ref twr, 3 * q + 2)), w3i = TV.Broadcast(Unsafe.Add(ref twi, 3 * q + 2));
            nint input = (nint)s * q;
            nint output = (nint)s * 4 * q;
            for (int j0 = 0; j0 < s; j0 += w)
            {
                nint j = Math.Min(j0, s - w);
                nint i0 = input + j;
                TV a0r = TV.Load(ref xr, i0), a0i = TV.Load(ref xi, i0);
                TV a1r = TV.Load(ref xr, i0 + sm), a1i = TV.Load(ref xi, i0 + sm);
                TV a2r = TV.Load(ref xr, i0 + 2 * sm), a2i = TV.Load(ref xi, i0 + 2 * sm);
                TV a3r = TV.Load(ref xr, i0 + 3 * sm), a3i = TV.Load(ref xi, i0 + 3 * sm);
                TV t0r = a0r + a2r, t0i = a0i + a2i, t1r = a0r - a2r, t1i = a0i - a2i;
                TV t2r = a1r + a3r, t2i = a1i + a3i, t3r = a1r - a3r, t3i = a1i - a3i;
                nint o = output + j;
                TV.Store(t0r + t2r, ref yr, o);
                TV.Store(t0i + t2i, ref yi, o);

                // Multiplying by −i turns (t3r, t3i) into (t3i, −t3r).
                StoreRotated(t1r + t3i, t1i - t3r, w1r, w1i, ref yr, ref yi, o + s);
                StoreRotated(t0r - t2r, t0i - t2i, w2r, w2i, ref yr, ref yi, o + 2 * s);
                StoreRotated(t1r - t3i, t1i + t3r, w3r, w3i, ref yr, ref yi, o + 3 * s);
            }
        }
    }

    private static void Radix5<TV>(FftStage stage, ref float xr, ref float xi, ref float yr, ref float yi)
        where TV : unmanaged, ILanes<TV>
    {
        int s = stage.Stride;
        int m = stage.SubLength;
        int w = TV.Count;
        nint sm = (nint)s * m;
        ref float twr = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleReal);
        ref float twi = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleImag);
        TV c1 = TV.Broadcast(0.309016994374947424102293f);   // cos(2π/5)
        TV c2 = TV.Broadcast(-0.809016994374947424102293f);  // cos(4π/5)
        TV s1 = TV.Broadcast(0.951056516295153572116439f);   // sin(2π/5)
        TV s2 = TV.Broadcast(0.587785252292473129168706f);   // sin(4π/5)
        for (int q = 0; q < m; q++)
        {
            nint tw = 4 * q;
            TV w1r = TV.Broadcast(Unsafe.Add(ref twr, tw)), w1i = TV.Broadcast(Unsafe.Add(ref twi, tw));
            TV w2r = TV.Broadcast(Unsafe.Add(ref twr, tw + 1)), w2i = TV.Broadcast(Unsafe.Add(ref twi, tw + 1));
            TV w3r = TV.Broadcast(Unsafe.Add(ref twr, tw + 2)), w3i = TV.Broadcast(Unsafe.Add(ref twi, tw + 2));
            TV w4r = TV.Broadcast(Unsafe.Add(ref twr, tw + 3)), w4i = TV.Broadcast(Unsafe.Add(ref twi, tw + 3));
            nint input = (nint)s * q;
            nint output = (nint)s * 5 * q;
            for (int j0 = 0; j0 < s; j0 += w)
            {
                nint j = Math.Min(j0, s - w);
                nint i0 = input + j;
                TV a0r = TV.Load(ref xr, i0), a0i = TV.Load(ref xi, i0);
                TV a1r = TV.Load(ref xr, i0 + sm), a1i = TV.Load(ref xi, i0 + sm);
                TV a2r = TV.Load(ref xr, i0 + 2 * sm), a2i = TV.Load(ref xi, i0 + 2 * sm);
                TV a3r = TV.Load(ref xr, i0 + 3 * sm), a3i = TV.Load(ref xi, i0 + 3 * sm);
                TV a4r = TV.Load(ref xr, i0 + 4 * sm), a4i = TV.Load(ref xi, i0 + 4 * sm);
                TV s14r = a1r + a4r, s14i = a1i + a4i, d14r = a1r - a4r, d14i = a1i - a4i;
                TV s23r = a2r + a3r, s23i = a2i + a3i, d23r = a2r - a3r, d23i = a2i - a3i;
                TV t1r = a0r + (c1 * s14r) + (c2 * s23r), t1i = a0i + (c1 * s14i) + (c2 * s23i);
                TV t2r = a0r + (c2 * s14r) + (c1 * s23r), t2i = a0i + (c2 * s14i) + (c1 * s23i);

                // v = s·d; u = −i·v = (v.im, −v.re).
                TV v1r = (s1 * d14r) + (s2 * d23r), v1i = (s1 * d14i) + (s2 * d23i);
                TV v2r = (s2 * d14r) - (s1 * d23r), v2i = (s2 * d14i) - (s1 * d23i);
                nint o = output + j;
                TV.Store(a0r + s14r + s23r, ref yr, o);
                TV.Store(a0i + s14i + s23i, ref yi, o);
                StoreRotated(t1r + v1i, t1i - v1r, w1r, w1i, ref yr, ref yi, o + s);
                StoreRotated(t2r + v2i, t2i - v2r, w2r, w2i, ref yr, ref yi, o + 2 * s);
                StoreRotated(t2r - v2i, t2i + v2r, w3r, w3i, ref yr, ref yi, o + 3 * s);
                StoreRotated(t1r - v1i, t1i + v1r, w4r, w4i, ref yr, ref yi, o + 4 * s);
            }
        }
    }

    private static void Radix7<TV>(FftStage stage, ref float xr, ref float xi, ref float yr, ref float yi)
        where TV : unmanaged, ILanes<TV>
    {
        int s = stage.Stride;
        int m = stage.SubLength;
        int w = TV.Count;
        nint sm = (nint)s * m;
        ref float twr = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleReal);
        ref float twi = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleImag);
        TV c1 = TV.Broadcast(0.623489801858733530525004f);   // cos(2π/7)
        TV c2 = TV.Broadcast(-0.222520933956314404288902f);  // cos(4π/7)
        TV c3 = TV.Broadcast(-0.900968867902419126236102f);  // cos(6π/7)
        TV s1 = TV.Broadcast(0.781831482468029808708444f);   // sin(2π/7)
        TV s2 = TV.Broadcast(0.974927912181823607018131f);   // sin(4π/7)
        TV s3 = TV.Broadcast(0.433883739117558120475768f);   // sin(6π/7)
        for (int q = 0; q < m; q++)
        {
            nint tw = 6 * q;
            TV w1r = TV.Broadcast(Unsafe.Add(ref twr, tw)), w1i = TV.Broadcast(Unsafe.Add(ref twi, tw));
            TV w2r = TV.Broadcast(Unsafe.Add(ref twr, tw + 1)), w2i = TV.Broadcast(Unsafe.Add(ref twi, tw + 1));
            TV w3r = TV.Broadcast(Unsafe.Add(ref twr, tw + 2)), w3i = TV.Broadcast(Unsafe.Add(ref twi, tw + 2));
            TV w4r = TV.Broadcast(Unsafe.Add(ref twr, tw + 3)), w4i = TV.Broadcast(Unsafe.Add(ref twi, tw + 3));
            TV w5r = TV.Broadcast(Unsafe.Add(ref twr, tw + 4)), w5i = TV.Broadcast(Unsafe.Add(ref twi, tw + 4));
            TV w6r = TV.Broadcast(Unsafe.Add(ref twr, tw + 5)), w6i = TV.Broadcast(Unsafe.Add(ref twi, tw + 5));
            nint input = (nint)s * q;
            nint output = (nint)s * 7 * q;
            for (int j0 = 0; j0 < s; j0 += w)
            {
                nint j = Math.Min(j0, s - w);
                nint i0 = input + j;
                TV a0r = TV.Load(ref xr, i0), a0i = TV.Load(ref xi, i0);
                TV a1r = TV.Load(ref xr, i0 + sm), a1i = TV.Load(ref xi, i0 + sm);
                TV a2r = TV.Load(ref xr, i0 + 2 * sm), a2i = TV.Load(ref xi, i0 + 2 * sm);
                TV a3r = TV.Load(ref xr, i0 + 3 * sm), a3i = TV.Load(ref xi, i0 + 3 * sm);
                TV a4r = TV.Load(ref xr, i0 + 4 * sm), a4i = TV.Load(ref xi, i0 + 4 * sm);
                TV a5r = TV.Load(ref xr, i0 + 5 * sm), a5i = TV.Load(ref xi, i0 + 5 * sm);
                TV a6r = TV.Load(ref xr, i0 + 6 * sm), a6i = TV.Load(ref xi, i0 + 6 * sm);
                TV p1r = a1r + a6r, p1i = a1i + a6i, d1r = a1r - a6r, d1i = a1i - a6i;
                TV p2r = a2r + a5r, p2i = a2i + a5i, d2r = a2r - a5r, d2i = a2i - a5i;
                TV p3r = a3r + a4r, p3i = a3i + a4i, d3r = a3r - a4r, d3i = a3i - a4i;
                TV t1r = a0r + (c1 * p1r) + (c2 * p2r) + (c3 * p3r), t1i = a0i + (c1 * p1i) + (c2 * p2i) + (c3 * p3i);
                TV t2r = a0r + (c2 * p1r) + (c3 * p2r) + (c1 * p3r), t2i = a0i + (c2 * p1i) + (c3 * p2i) + (c1 * p3i);
                TV t3r = a0r + (c3 * p1r) + (c1 * p2r) + (c2 * p3r), t3i = a0i + (c3 * p1i) + (c1 * p2i) + (c2 * p3i);
                TV v1r = (s1 * d1r) + (s2 * d2r) + (s3 * d3r), v1i = (s1 * d1i) + (s2 * d2i) + (s3 * d3i);
                TV v2r = (s2 * d1r) - (s3 * d2r) - (s1 * d3r), v2i = (s2 * d1i) - (s3 * d2i) - (s1 * d3i);
                TV v3r = (s3 * d1r) - (s1 * d2r) + (s2 * d3r), v3i = (s3 * d1i) - (s1 * d2i) + (s2 * d3i);
                nint o = output + j;
                TV.Store(a0r + p1r + p2r + p3r, ref yr, o);
                TV.Store(a0i + p1i + p2i + p3i, ref yi, o);
                StoreRotated(t1r + v1i, t1i - v1r, w1r, w1i, ref yr, ref yi, o + s);
                StoreRotated(t2r + v2i, t2i - v2r, w2r, w2i, ref yr, ref yi, o + 2 * s);
                StoreRotated(t3r + v3i, t3i - v3r, w3r, w3i, ref yr, ref yi, o + 3 * s);
                StoreRotated(t3r - v3i, t3i + v3r, w4r, w4i, ref yr, ref yi, o + 4 * s);
                StoreRotated(t2r - v2i, t2i + v2r, w5r, w5i, ref yr, ref yi, o + 5 * s);
                StoreRotated(t1r - v1i, t1i + v1r, w6r, w6i, ref yr, ref yi, o + 6 * s);
            }
        }
    }

    /// <summary>Any odd radix: pairs a[t] with a[p−t] so the O(p²) part works on half-size cosine and sine sums.</summary>
    private static void GenericOdd<TV>(FftStage stage, ref float xr, ref float xi, ref float yr, ref float yi)
        where TV : unmanaged, ILanes<TV>
    {
        int p = stage.Radix;
        int h = (p - 1) / 2;
        int s = stage.Stride;
        int m = stage.SubLength;
        int w = TV.Count;
        nint sm = (nint)s * m;
        float[] cosines = stage.Cosines!;
        float[] sines = stage.Sines!;
        ref float twr = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleReal);
        ref float twi = ref MemoryMarshal.GetArrayDataReference(stage.TwiddleImag);
        Span<TV> sumR = stackalloc TV[h];
        Span<TV> sumI = stackalloc TV[h];
        Span<TV> difR = stackalloc TV[h];
        Span<TV> difI = stackalloc TV[h];
        for (int q = 0; q < m; q++)
        {
            nint tw = (nint)(p - 1) * q;
            nint input = (nint)s * q;
            nint output = (nint)s * p * q;
            for (int j0 = 0; j0 < s; j0 += w)
            {
                nint j = Math.Min(j0, s - w);
                nint i0 = input + j;
                TV a0r = TV.Load(ref xr, i0), a0i = TV.Load(ref xi, i0);
                TV totalR = a0r, totalI = a0i;
                for (int t = 1; t <= h; t++)
                {
                    TV ar = TV.Load(ref xr, i0 + (t * sm)), ai = TV.Load(ref xi, i0 + (t * sm));
                    TV br = TV.Load(ref xr, i0 + ((p - t) * sm)), bi = TV.Load(ref xi, i0 + ((p - t) * sm));
                    sumR[t - 1] = ar + br;
                    sumI[t - 1] = ai + bi;
                    difR[t - 1] = ar - br;
                    difI[t - 1] = ai - bi;
                    totalR += sumR[t - 1];
                    totalI += sumI[t - 1];
                }

                nint o = output + j;
                TV.Store(totalR, ref yr, o);
                TV.Store(totalI, ref yi, o);
                for (int k = 1; k <= h; k++)
                {
                    TV tr = a0r, ti = a0i, vr = default, vi = default;
                    for (int t = 1; t <= h; t++)
                    {
                        TV c = TV.Broadcast(cosines[(t - 1) * h + k - 1]);
                        TV sn = TV.Broadcast(sines[(t - 1) * h + k - 1]);
                        tr += c * sumR[t - 1];
                        ti += c * sumI[t - 1];
                        vr += sn * difR[t - 1];
                        vi += sn * difI[t - 1];
                    }

                    nint twk = tw + k - 1;
                    nint twmk = tw + p - k - 1;
                    StoreRotated(
                        tr + vi, ti - vr,
                        TV.Broadcast(Unsafe.Add(ref twr, twk)), TV.Broadcast(Unsafe.Add(ref twi, twk)),
                        ref yr, ref yi, o + (k * s));
                    StoreRotated(
                        tr - vi, ti + vr,
                        TV.Broadcast(Unsafe.Add(ref twr, twmk)), TV.Broadcast(Unsafe.Add(ref twi, twmk)),
                        ref yr, ref yi, o + ((p - k) * s));
                }
            }
        }
    }
}
