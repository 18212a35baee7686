//! Which backups retention lets go. Pure, so the rule is tested without files or clocks.

/// Ids of backups to delete: those older than `retention_ms` at `now_ms`, except the newest
/// good backup of the job, which is always kept however old.
pub fn expired(backups: &[(i64, i64)], retention_ms: i64, now_ms: i64) -> Vec<i64> {
    let newest = backups
        .iter()
        .max_by_key(|(id, started)| (*started, *id))
        .map(|(id, _)| *id);
    backups
        .iter()
        .filter(|(id, started)| Some(*id) != newest && now_ms - started > retention_ms)
        .map(|(id, _)| *id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::expired;

    const DAY: i64 = 86_400_000;

    #[test]
    fn keeps_recent_and_always_the_newest() {
        let now = 100 * DAY;
        let backups = [(1, 10 * DAY), (2, 60 * DAY), (3, 80 * DAY), (4, 95 * DAY)];
        assert_eq!(expired(&backups, 30 * DAY, now), [1, 2]);
        // All too old: the newest still stays.
        assert_eq!(expired(&backups, DAY, 1000 * DAY), [1, 2, 3]);
        assert!(expired(&[], DAY, now).is_empty());
        assert!(expired(&[(7, 0)], DAY, now).is_empty());
    }
}
