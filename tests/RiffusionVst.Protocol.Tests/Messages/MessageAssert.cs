using System.Collections;
using System.Reflection;
using MessagePack;

namespace RiffusionVst.Protocol.Tests.Messages;

/// <summary>Compares messages field by field through reflection, independently of the serializer.</summary>
internal static class MessageAssert
{
    public static void Equivalent(object? expected, object? actual, string path = "message")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        Assert.Equal(expected.GetType(), actual.GetType());
        Type type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or Guid or decimal)
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
            return;
        }
        if (expected is IEnumerable expectedItems)
        {
            object?[] e = expectedItems.Cast<object?>().ToArray();
            object?[] a = ((IEnumerable)actual).Cast<object?>().ToArray();
            Assert.True(e.Length == a.Length, $"{path}: expected {e.Length} items, got {a.Length}");
            for (int i = 0; i < e.Length; i++)
                Equivalent(e[i], a[i], $"{path}[{i}]");
            return;
        }
        int compared = 0;
        foreach (PropertyInfo p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<KeyAttribute>() is null)
                continue;
            Equivalent(p.GetValue(expected), p.GetValue(actual), $"{path}.{p.Name}");
            compared++;
        }
        Assert.True(compared > 0 || type.GetProperties().Length == 0, $"{path}: {type.Name} has no keyed members to compare");
    }
}
