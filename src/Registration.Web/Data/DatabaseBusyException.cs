namespace Registration.Web.Data;

/// <summary>
/// A write gave up because it could not get the database in time: another writer, usually another
/// process (a backup, an import, someone at the sqlite3 prompt), held it. It is thrown before anything is
/// written and the write is abandoned, so nothing of it is saved, then or later.
/// </summary>
public sealed class DatabaseBusyException : Exception
{
    public DatabaseBusyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
