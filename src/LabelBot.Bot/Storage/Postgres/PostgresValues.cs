using Npgsql;
using NpgsqlTypes;

namespace LabelBot.Bot.Storage.Postgres;

/// <summary>Typed parameters shared by the host's PostgreSQL stores (TIMESTAMPTZ in UTC, nullable text); reads are in <see cref="StoredValues"/>.</summary>
internal static class PostgresValues
{
    /// <summary>Npgsql writes TIMESTAMPTZ only from a zero offset: every time is normalised to UTC first.</summary>
    public static void AddTime(this NpgsqlParameterCollection parameters, string name, DateTimeOffset value) =>
        parameters.Add(new NpgsqlParameter<DateTimeOffset>(name, NpgsqlDbType.TimestampTz) { TypedValue = value.ToUniversalTime() });

    public static void AddText(this NpgsqlParameterCollection parameters, string name, string? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
}
