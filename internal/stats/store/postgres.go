package store

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/fixflow/fixflow/internal/stats"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Postgres is a store in a PostgreSQL database, for sites that run several
// servers, or a static export's collector. Several servers may write to
// one database: each transaction upserts its rows in key order, so two
// never wait on each other in a cycle.
type Postgres struct {
	pool  *pgxpool.Pool
	where string
}

// migrationLock is the advisory lock that keeps two servers starting at
// once from migrating together.
const migrationLock = 0x666978666c6f77 // "fixflow"

// OpenPostgres connects to the database dsn (postgres://user@host/db?…)
// and brings its schema up to date.
func OpenPostgres(ctx context.Context, dsn string) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("-db %s: %w", redact(dsn), err)
	}
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("-db %s: %w", redact(dsn), err)
	}
	p := &Postgres{pool: pool, where: redact(dsn)}
	ping, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := pool.Ping(ping); err != nil {
		pool.Close()
		return nil, fmt.Errorf("-db %s: %w", p.where, err)
	}
	if err := p.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("-db %s: %w", p.where, err)
	}
	return p, nil
}

func (p *Postgres) Kind() string  { return "postgres" }
func (p *Postgres) Where() string { return p.where }

// redact is a DSN without its password, to print.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// migrate applies the migrations not applied yet, all in one transaction
// under an advisory lock.
func (p *Postgres) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, migrationsTable); err != nil {
			return fmt.Errorf("creating schema_migrations: %w", err)
		}
		done := map[int]bool{}
		rows, err := tx.Query(ctx, appliedSQL)
		if err != nil {
			return err
		}
		vs, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		if err != nil {
			return err
		}
		for _, v := range vs {
			done[int(v)] = true
		}
		for _, m := range ms {
			if done[m.version] {
				continue
			}
			for _, st := range m.stmts {
				if _, err := tx.Exec(ctx, st); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			if _, err := tx.Exec(ctx, recordSQL, m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Applied are the versions of the migrations applied, in order.
func (p *Postgres) Applied(ctx context.Context) ([]int, error) {
	rows, err := p.pool.Query(ctx, appliedSQL)
	if err != nil {
		return nil, err
	}
	vs, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = int(v)
	}
	return out, err
}

// Add upserts the counters in one transaction, sent as one pipeline.
func (p *Postgres) Add(ctx context.Context, cs []stats.Counter) error {
	if len(cs) == 0 {
		return nil
	}
	return pgx.BeginFunc(ctx, p.pool, func(tx pgx.Tx) error {
		var b pgx.Batch
		for _, c := range cs {
			b.Queue(upsertSQL, counterArgs(c)...)
		}
		return tx.SendBatch(ctx, &b).Close()
	})
}

func (p *Postgres) Counters(ctx context.Context, q Query) ([]stats.Counter, error) {
	return p.query(ctx, countersSQL, q)
}

func (p *Postgres) Sums(ctx context.Context, q Query) ([]stats.Counter, error) {
	return p.query(ctx, sumsSQL, q)
}

func (p *Postgres) query(ctx context.Context, sql string, q Query) ([]stats.Counter, error) {
	rows, err := p.pool.Query(ctx, sql, q.args()...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (stats.Counter, error) { return scanCounter(r) })
	if errors.Is(err, pgx.ErrNoRows) {
		err = nil
	}
	return out, err
}

func (p *Postgres) Close() error {
	p.pool.Close()
	return nil
}
