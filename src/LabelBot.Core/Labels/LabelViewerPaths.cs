using System.Globalization;

namespace LabelBot.Core.Labels;

/// <summary>
/// Paths of the host's label viewer, relative to the host: the engine names them in answers ("what changed" links the
/// side-by-side page) and the host serves them, so both read them from here.
/// </summary>
public static class LabelViewerPaths
{
    public const string Root = "/labels";

    public static string Label(string setId) => $"{Root}/{Uri.EscapeDataString(setId)}";

    public static string Changes(string setId, int from, int to) =>
        string.Create(CultureInfo.InvariantCulture, $"{Label(setId)}/changes?from={from}&to={to}");
}
