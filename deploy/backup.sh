#!/usr/bin/env bash
# One backup of the site's database in BACKUP_DIR (default /srv/learning/backups), 14 days kept.
# PostgreSQL (DATABASE_URL=postgresql://…): pg_dump in custom format (restore: pg_restore).
# SQLite (no DATABASE_URL, or sqlite:///…): sqlite3's online .backup, safe while the site writes.
set -euo pipefail
dir="${BACKUP_DIR:-/srv/learning/backups}"
keep_days="${BACKUP_KEEP_DAYS:-14}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dir"
url="${DATABASE_URL:-}"
case "$url" in
  postgres://*|postgresql://*|postgresql+psycopg://*)
    pg_dump --format=custom --no-owner --file="$dir/learning-$stamp.dump" \
      "${url/postgresql+psycopg:/postgresql:}"
    ;;
  *)
    file="${url#sqlite:///}"
    file="${file:-/srv/learning/instance/learning.sqlite3}"
    sqlite3 "$file" ".backup '$dir/learning-$stamp.sqlite3'"
    sqlite3 "$dir/learning-$stamp.sqlite3" "PRAGMA integrity_check" | grep -qx ok
    gzip "$dir/learning-$stamp.sqlite3"
    ;;
esac
find "$dir" -name 'learning-*' -mtime "+$keep_days" -delete
echo "backup written: $(ls -1t "$dir" | head -1)"
