namespace LabelBot.Search; internal static class Placeholder { }
