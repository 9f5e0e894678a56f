namespace LabelBot.Llm; internal static class Placeholder { }
