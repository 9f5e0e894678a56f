namespace LabelBot.Labels; internal static class Placeholder { }
