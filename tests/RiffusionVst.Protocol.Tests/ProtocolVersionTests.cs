namespace RiffusionVst.Protocol.Tests;

public class ProtocolVersionTests
{
    [Fact]
    public void Major_version_is_positive() => Assert.True(ProtocolVersion.Major >= 1);
}
