using LabelBot.Core.Answering.Extractive;
using LabelBot.Core.Answering.Prompts;
using LabelBot.Core.Retrieval;

namespace LabelBot.Core.Answering.Products;

/// <summary>One name matched several different products: answer from the best one when they agree, else ask which.</summary>
internal sealed class AmbiguityResolver(IPassageRetriever retriever, PromptCatalog prompts)
{
    /// <summary>
    /// If the labels' best passages say materially the same thing (content-word overlap ≥ 0.5), the best-matching
    /// product; otherwise null (ask which one).
    /// </summary>
    public async Task<ProductGroup?> ChooseAsync(string query, ProductSelection selection, CancellationToken ct)
    {
        const double SameContent = 0.5;
        var tops = new List<HashSet<string>>();
        foreach (var group in selection.Groups.Take(4))
        {
            var found = await retriever.SearchAsync(new SearchQuery(query, [group.Primary.SetId], 1), ct);
            if (found.Count == 0)
            {
                return null;
            }
            tops.Add(TermStems.Of(found[0].Passage.Text));
        }
        for (var i = 1; i < tops.Count; i++)
        {
            var union = tops[0].Union(tops[i]).Count();
            var overlap = union == 0 ? 1.0 : tops[0].Intersect(tops[i]).Count() / (double)union;
            if (overlap < SameContent)
            {
                return null;
            }
        }
        return selection.Groups[0];
    }

    public AnswerResult Clarify(ProductSelection selection)
    {
        var candidates = selection.Groups.Select(g => new Candidate(g.Primary.SetId, g.Primary.DisplayName)).ToList();
        var list = string.Join("\n", candidates.Select(c => "- " + c.Title));
        var text = prompts.Render("clarify", new Dictionary<string, string> { ["candidates"] = list });
        return new AnswerResult(AnswerKind.Clarify, text, [], candidates, candidates.Select(c => c.Title).ToList(), 0);
    }
}
