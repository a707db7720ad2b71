package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/fixflow/fixflow/internal/stats"
	_ "modernc.org/sqlite" // the "sqlite" driver: pure Go
)

// SQLite is a store in one SQLite file, in WAL mode: readers (the /stats
// page, fixflow stats) never wait for the writer. synchronous=FULL syncs
// the log at every commit, so what Add acknowledged survives a crash of
// the process and of the machine.
type SQLite struct {
	db   *sql.DB
	file string
}

// OpenSQLite opens (creating it and its directory when missing) the
// SQLite database in file and brings its schema up to date.
func OpenSQLite(ctx context.Context, file string) (*SQLite, error) {
	if dir := filepath.Dir(file); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("the stats' directory: %w", err)
		}
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(file)+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", file, err)
	}
	// One writer at a time is all SQLite has; a few connections let
	// readers run beside it.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	s := &SQLite{db: db, file: file}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return s, nil
}

func (s *SQLite) Kind() string  { return "sqlite" }
func (s *SQLite) Where() string { return s.file }

// migrate applies the migrations not applied yet, each in a transaction
// of its own (IMMEDIATE: a second process opening the same file waits).
func (s *SQLite) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, migrationsTable); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	for _, m := range ms {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		var done int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&done); err != nil {
			tx.Rollback()
			return err
		}
		if done > 0 {
			tx.Rollback()
			continue
		}
		for _, st := range m.stmts {
			if _, err := tx.ExecContext(ctx, st); err != nil {
				tx.Rollback()
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, recordSQL, m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// Applied are the versions of the migrations applied, in order.
func (s *SQLite) Applied(ctx context.Context) ([]int, error) {
	return appliedVersions(s.db.QueryContext(ctx, appliedSQL))
}

func (s *SQLite) Add(ctx context.Context, cs []stats.Counter) error {
	if len(cs) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, upsertSQL)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, c := range cs {
		if _, err := st.ExecContext(ctx, counterArgs(c)...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (s *SQLite) Counters(ctx context.Context, q Query) ([]stats.Counter, error) {
	return collect(s.db.QueryContext(ctx, countersSQL, q.args()...))
}

func (s *SQLite) Sums(ctx context.Context, q Query) ([]stats.Counter, error) {
	return collect(s.db.QueryContext(ctx, sumsSQL, q.args()...))
}

func (s *SQLite) Close() error { return s.db.Close() }

func collect(rows *sql.Rows, err error) ([]stats.Counter, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []stats.Counter
	for rows.Next() {
		c, err := scanCounter(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func appliedVersions(rows *sql.Rows, err error) ([]int, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
