using Microsoft.EntityFrameworkCore;
using Registration.Web.Data;

namespace Registration.Tests.Support;

/// <summary>SQLite's plan for a query exactly as EF Core writes it, taken from the query's <c>ToQueryString()</c>.</summary>
public static class QueryPlan
{
    private const string ParameterLine = ".param set ";

    /// <summary>The plan's lines (EXPLAIN QUERY PLAN's detail column), parents before their children.</summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(RegistrationDbContext db, string queryString)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(queryString);
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var lines = queryString.Split('\n');
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(ParameterLine, StringComparison.Ordinal)));
        foreach (var line in lines.Where(l => l.StartsWith(ParameterLine, StringComparison.Ordinal)))
        {
            // ".param set @name literal": the literal is SQL, so SQLite itself turns it back into the value.
            var setting = line[ParameterLine.Length..].Trim();
            var space = setting.IndexOf(' ', StringComparison.Ordinal);
            await using var evaluate = connection.CreateCommand();
            evaluate.CommandText = "SELECT " + setting[(space + 1)..];
            var parameter = explain.CreateParameter();
            parameter.ParameterName = setting[..space];
            parameter.Value = await evaluate.ExecuteScalarAsync() ?? DBNull.Value;
            explain.Parameters.Add(parameter);
        }

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }
}
