using System.Text.Json;
using Microsoft.Playwright;
using Registration.Tests.Support;

namespace Registration.Tests.Browser;

/// <summary>Runs axe-core (from npm, installed by the test script) in the page against WCAG 2.2 A and AA.</summary>
internal static class Axe
{
    private static readonly string ScriptPath = Path.Combine(RepositoryPaths.Root, "tests", "Registration.Tests", "node_modules", "axe-core", "axe.min.js");

    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        Assert.True(File.Exists(ScriptPath), $"axe-core is missing at {ScriptPath}: run ./test.sh, which installs it.");
        // Evaluated rather than added as a <script>: the app's Content-Security-Policy blocks inline script.
        await page.EvaluateAsync(await File.ReadAllTextAsync(ScriptPath));
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'] } });
                return { passes: result.passes.length, violations: result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join('; ')})`) };
            }
            """);
        Assert.True(json.GetProperty("passes").GetInt32() > 0, "axe ran no checks at all");
        return json.GetProperty("violations").EnumerateArray().Select(v => v.GetString()!).ToList();
    }
}
