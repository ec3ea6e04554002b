// Flap detection: a connection that drops again right after it came up, several times in a row, is the
// signature of another device logging in with the same identity (the cloud keeps the newest login and kicks the
// other, spec/protocol.md §3), or of a credential the cloud accepts and then drops. It is reported once per streak.

export interface FlapDetector {
  /** Records a connection that lasted upMs; true when this one completes a streak of `limit` flaps. */
  record(upMs: number): boolean;
  streak(): number;
}

export function createFlapDetector(windowMs: number, limit: number): FlapDetector {
  let streak = 0;
  return {
    record: function (upMs: number): boolean {
      if (upMs >= windowMs) {
        streak = 0;
        return false;
      }
      streak++;
      return streak === limit;
    },
    streak: function () {
      return streak;
    },
  };
}
