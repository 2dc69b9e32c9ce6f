// Keyset pagination for lists ordered newest first, undated rows last, then by id descending
// (threads by last activity, search results by date).

/**
 * The condition for "after this row" in ORDER BY date IS NULL, date DESC, id DESC (written so
 * an index on the date column can serve it); pushes its parameters onto `params`.
 */
export function newestFirstAfter(dateCol: string, idCol: string, after: { date: number | null; id: number }, params: (string | number)[]): string {
  if (after.date === null) {
    params.push(after.id);
    return `(${dateCol} IS NULL AND ${idCol} < ?)`;
  }
  params.push(after.date, after.date, after.id);
  return `(${dateCol} < ? OR (${dateCol} = ? AND ${idCol} < ?) OR ${dateCol} IS NULL)`;
}
