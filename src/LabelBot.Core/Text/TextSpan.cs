namespace LabelBot.Core.Text;

/// <summary>A range of a text; <see cref="Of"/> returns the verbatim substring. The one span type of answers and claim check.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public string Of(string text) => text.Substring(Start, Length);
}
