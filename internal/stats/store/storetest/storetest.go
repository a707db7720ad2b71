// Package storetest gives tests a store of each kind, empty, of their own.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
)

// PostgresEnv names the PostgreSQL server the tests use:
// postgres://user@host:port/db?sslmode=disable. scripts/postgres.sh run
// starts a throwaway one and sets it; `make test` and .ci/run do that.
const PostgresEnv = "FIXFLOW_TEST_POSTGRES"

// TestDSN is what to give Open for a test's own empty database of kind
// "sqlite" (a file under t.TempDir) or "postgres" (a schema of its own on
// the server $FIXFLOW_TEST_POSTGRES names, dropped when the test ends). A
// test of PostgreSQL without the variable is skipped, saying how to run it.
func TestDSN(t testing.TB, kind string) string {
	t.Helper()
	switch kind {
	case "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "stats.db")
	case "postgres":
	default:
		t.Fatalf("no store kind %q", kind)
	}
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		t.Skipf("PostgreSQL store not tested: $%s is not set (scripts/postgres.sh run go test … starts a throwaway server; make test does)", PostgresEnv)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("$%s: %v", PostgresEnv, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("$%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Kinds are the stores every test runs against.
var Kinds = []string{"sqlite", "postgres"}
