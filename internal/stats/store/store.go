// Package store keeps the widget's counters (internal/stats): in SQLite by
// default (modernc.org/sqlite, pure Go: a file, created on first start) or
// in PostgreSQL (pgx) for sites that run several servers or collect for a
// static export. Both run the same statements: the migrations in
// migrations/ and the queries below; each counter is upserted by its key,
// so a count only ever adds to what is stored.
//
// Open returns a store that commits concurrent Adds together (group
// commit): every Add returns once its counts are committed, durable on
// disk, or with an error and nothing of them stored.
package store

import (
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/fixflow/fixflow/internal/stats"
)

// Store keeps counters.
type Store interface {
	// Add adds each counter's N to the stored count of its key, all in one
	// transaction: on error nothing of them is stored. The counters'
	// keys must differ (Merge).
	Add(ctx context.Context, cs []stats.Counter) error
	// Counters are the stored counters matching q, one per key and day,
	// ordered by day and key.
	Counters(ctx context.Context, q Query) ([]stats.Counter, error)
	// Sums are the stored counts matching q added up over the days: one
	// counter per key without its day (Day is ""), ordered by key.
	Sums(ctx context.Context, q Query) ([]stats.Counter, error)
	// Kind is "sqlite" or "postgres"; Where says where the data is, for
	// people (a file, or a server without its password).
	Kind() string
	Where() string
	// Close waits for the Adds under way and closes the store.
	Close() error
}

// Query selects counters: of one guide ("" for all), from the day From to
// the day To, both included ("" for no bound).
type Query struct {
	Guide    string
	From, To string
}

// The statements, the same for both databases ($n placeholders: SQLite
// reads $1 as a parameter too).
const (
	upsertSQL = `INSERT INTO counters (day, guide, graph, lang, host, event, node, option_id, result, n)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (day, guide, graph, lang, host, event, node, option_id, result)
DO UPDATE SET n = counters.n + excluded.n`

	where = ` WHERE ($1 = '' OR guide = $1) AND ($2 = '' OR day >= $2) AND ($3 = '' OR day <= $3)`

	countersSQL = `SELECT day, guide, graph, lang, host, event, node, option_id, result, n FROM counters` + where +
		` ORDER BY day, guide, graph, lang, host, event, node, option_id, result`

	sumsSQL = `SELECT '', guide, graph, lang, host, event, node, option_id, result, CAST(SUM(n) AS BIGINT) FROM counters` + where +
		` GROUP BY guide, graph, lang, host, event, node, option_id, result
ORDER BY guide, graph, lang, host, event, node, option_id, result`

	migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    applied TEXT NOT NULL
)`
	appliedSQL = `SELECT version FROM schema_migrations ORDER BY version`
	recordSQL  = `INSERT INTO schema_migrations (version, name, applied) VALUES ($1, $2, $3)`
)

func (q Query) args() []any { return []any{q.Guide, q.From, q.To} }

// Open opens the store a -db value names, creating it and bringing its
// schema up to date: a postgres:// or postgresql:// URL is a PostgreSQL
// database; "" is SQLite in dataDir/stats.db (the directory is made when
// missing); "sqlite:PATH" is SQLite in the file PATH.
func Open(ctx context.Context, db, dataDir string) (Store, error) {
	var st Store
	var err error
	switch {
	case strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://"):
		st, err = OpenPostgres(ctx, db)
	case db == "":
		st, err = OpenSQLite(ctx, path.Join(dataDir, "stats.db"))
	case strings.HasPrefix(db, "sqlite:"):
		st, err = OpenSQLite(ctx, strings.TrimPrefix(db, "sqlite:"))
	default:
		return nil, fmt.Errorf("%q is neither a postgres:// URL nor sqlite:PATH", redact(db))
	}
	if err != nil {
		return nil, err
	}
	return Grouped(st), nil
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one file of migrations/: NNNN_name.sql.
type migration struct {
	version int
	name    string
	stmts   []string
}

// migrations are the schema's versions, in order.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, n := range names {
		base := path.Base(n)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: its name must be NNNN_what.sql", n)
		}
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, stmts: statements(string(b))})
	}
	slices.SortFunc(out, func(a, b migration) int { return cmp.Compare(a.version, b.version) })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same version", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// statements splits a migration at the semicolons that end a line, without
// its comment lines.
func statements(sql string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(sql, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// Merge adds up counters of the same key: one counter per key, sorted by
// key (so that every writer takes the rows' locks in the same order).
func Merge(groups ...[]stats.Counter) []stats.Counter {
	sums := map[stats.Key]int64{}
	for _, cs := range groups {
		for _, c := range cs {
			sums[c.Key()] += c.N
		}
	}
	out := make([]stats.Counter, 0, len(sums))
	for k, n := range sums {
		out = append(out, k.Counter(n))
	}
	slices.SortFunc(out, func(a, b stats.Counter) int { return compareKeys(a.Key(), b.Key()) })
	return out
}

func compareKeys(a, b stats.Key) int {
	return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Guide, b.Guide), cmp.Compare(a.Graph, b.Graph),
		cmp.Compare(a.Lang, b.Lang), cmp.Compare(a.Host, b.Host), cmp.Compare(a.Event, b.Event),
		cmp.Compare(a.Node, b.Node), cmp.Compare(a.Option, b.Option), cmp.Compare(a.Result, b.Result))
}

// ErrClosed is returned by Add after Close.
var ErrClosed = errors.New("store: closed")

// scanner is what both databases' rows have.
type scanner interface{ Scan(dest ...any) error }

func scanCounter(r scanner) (stats.Counter, error) {
	var c stats.Counter
	err := r.Scan(&c.Day, &c.Guide, &c.Graph, &c.Lang, &c.Host, &c.Event, &c.Node, &c.Option, &c.Result, &c.N)
	return c, err
}

func counterArgs(c stats.Counter) []any {
	return []any{c.Day, c.Guide, c.Graph, c.Lang, c.Host, c.Event, c.Node, c.Option, c.Result, c.N}
}
