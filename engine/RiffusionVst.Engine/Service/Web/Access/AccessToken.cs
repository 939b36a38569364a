using System.Security.Cryptography;
using System.Text;

namespace RiffusionVst.Engine.Service.Web.Access;

/// <summary>The random secret of one engine start: whoever shows it may use the page; compared in fixed time.</summary>
internal sealed class AccessToken
{
    private readonly byte[] _bytes;

    private AccessToken(string value)
    {
        Value = value;
        _bytes = Encoding.ASCII.GetBytes(value);
    }

    /// <summary>256 random bits as 64 hex digits (URL- and cookie-safe).</summary>
    public string Value { get; }

    /// <summary>A fresh token from the system's cryptographic generator.</summary>
    public static AccessToken Create() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Whether <paramref name="candidate"/> is this token; the time taken does not depend on where they differ.</summary>
    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length != Value.Length)
            return false;
        Span<byte> given = stackalloc byte[candidate.Length];
        for (int i = 0; i < candidate.Length; i++)
            given[i] = candidate[i] < 128 ? (byte)candidate[i] : (byte)0;
        return CryptographicOperations.FixedTimeEquals(given, _bytes);
    }
}
