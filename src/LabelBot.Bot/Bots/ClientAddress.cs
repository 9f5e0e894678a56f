using System.Net;

namespace LabelBot.Bot.Bots;

public static class ClientAddress
{
    /// <summary>True for 127.0.0.0/8 and ::1, also when Kestrel reports an IPv4 client as IPv4-mapped IPv6.</summary>
    public static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
