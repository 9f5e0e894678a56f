using System.Numerics;
using System.Runtime.InteropServices;

namespace LabelBot.Core.Storage;

/// <summary>Small vector helpers shared by the store (BLOB encoding) and the retriever (cosine).</summary>
public static class VectorMath
{
    /// <summary>Length of the vectors stores hold unless told otherwise: all-MiniLM-L6-v2's (the Search project's embedder).</summary>
    public const int DefaultDimensions = 384;

    /// <summary>Returns a unit-length copy; a zero (or non-finite) vector comes back as zeros.</summary>
    public static float[] Normalize(ReadOnlySpan<float> vector)
    {
        var result = vector.ToArray();
        var norm = MathF.Sqrt(Dot(result, result));
        if (norm > 0 && float.IsFinite(norm))
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] /= norm;
            }
        }
        else
        {
            Array.Clear(result);
        }
        return result;
    }

    /// <summary>Dot product (SIMD); equals cosine similarity for unit vectors.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vector lengths differ: {a.Length} and {b.Length}.", nameof(b));
        }
        var sum = Vector<float>.Zero;
        var i = 0;
        var width = Vector<float>.Count;
        for (; i <= a.Length - width; i += width)
        {
            sum += new Vector<float>(a.Slice(i, width)) * new Vector<float>(b.Slice(i, width));
        }
        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }
        return total;
    }

    /// <summary>Little-endian float32 bytes, the layout of the passage_vectors BLOB.</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        EnsureLittleEndian();
        return MemoryMarshal.AsBytes(vector).ToArray();
    }

    /// <summary>Reads a float32 BLOB into <paramref name="destination"/>, which must have the stored length.</summary>
    public static void FromBytes(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        EnsureLittleEndian();
        if (bytes.Length != destination.Length * sizeof(float))
        {
            throw new InvalidDataException($"Vector BLOB has {bytes.Length} bytes; expected {destination.Length * sizeof(float)}.");
        }
        MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Vector BLOBs are stored as little-endian float32.");
        }
    }
}
