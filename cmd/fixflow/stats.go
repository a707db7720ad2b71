package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fixflow/fixflow/content/lint"
	"github.com/fixflow/fixflow/internal/stats"
	"github.com/fixflow/fixflow/internal/stats/report"
	"github.com/fixflow/fixflow/internal/stats/store"
)

func init() {
	register("stats", "print the widget's counts per guide: starts, outcomes, the steps that resolve most, drop-off", runStats)
}

// storeFlags name the store of the widget's counts: serve writes it, stats
// reads it.
type storeFlags struct {
	data  string // the SQLite file's directory
	db    string // a postgres:// URL, or "" for SQLite under data
	keep  bool   // serve: keep counts at all
	token string // serve: the token of /stats
}

func (f *storeFlags) bind(fs *flag.FlagSet, serve bool) {
	fs.StringVar(&f.data, "data", "data", "the directory of the counts' SQLite database (stats.db, made on first start)")
	fs.StringVar(&f.db, "db", "", "keep the counts in PostgreSQL instead: postgres://user:password@host/db")
	if serve {
		fs.BoolVar(&f.keep, "stats", true, "keep the widget's counts and show them at /stats (-stats=false: pages count nothing)")
		fs.StringVar(&f.token, "stats-token", "", "the token /stats and /stats.csv want (?token=…); without one they answer this machine only")
	}
}

// open opens the store; create says whether a missing SQLite file may be
// made (serve) or is an error (stats: there is nothing to read yet).
func (f *storeFlags) open(ctx context.Context, create bool) (store.Store, error) {
	if f.db == "" && !create {
		file := filepath.Join(f.data, "stats.db")
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no counts yet: %s does not exist (fixflow serve makes it; -data names its directory, -db a PostgreSQL database)", file)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return store.Open(ctx, f.db, f.data)
}

func runStats(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	fs.Usage = flagUsage(fs, "fixflow stats [flags]")
	var sf storeFlags
	sf.bind(fs, false)
	var o report.Options
	var days int
	var csv bool
	fs.StringVar(&o.Guide, "guide", "", "one guide's id (default: every guide with counts)")
	fs.StringVar(&o.From, "from", "", "the first day, 2006-01-02 (UTC; default: -days before -to)")
	fs.StringVar(&o.To, "to", "", "the last day, 2006-01-02 (UTC; default: today)")
	fs.IntVar(&days, "days", 30, "the period's length in days, when -from is not given")
	fs.StringVar(&o.Host, "host", "", "the counts of pages embedded on this origin only (https://help.example.com), or none: of pages not embedded")
	fs.BoolVar(&csv, "csv", false, "print the counts as CSV, one line per day and counter")
	if code, ok := parseFlags(fs, args, stdout, stderr); !ok {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "fixflow stats: "+format+"\n", a...)
		return 1
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "fixflow stats: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return 2
	}
	if days < 1 {
		return fail("-days: %d is not a number of days", days)
	}
	now := time.Now()
	if o.To == "" {
		_, o.To = report.Period(now, 1)
	} else if err := report.ParseDay(o.To); err != nil {
		return fail("-to: %v", err)
	}
	if o.From == "" {
		to, _ := time.Parse("2006-01-02", o.To)
		o.From, _ = report.Period(to, days)
	} else if err := report.ParseDay(o.From); err != nil {
		return fail("-from: %v", err)
	}
	if o.From > o.To {
		return fail("-from %s is after -to %s", o.From, o.To)
	}
	if o.Host != "" && o.Host != report.NoHost && !stats.ValidOrigin(o.Host) {
		return fail("-host: %q is neither an origin like https://help.example.com nor %q", o.Host, report.NoHost)
	}
	lib, err := lint.Embedded()
	if err != nil {
		return fail("%v", err)
	}
	if o.Guide != "" && len(lib.Langs(o.Guide)) == 0 {
		return fail("-guide: %q is not a guide of this build", o.Guide)
	}
	st, err := sf.open(context.Background(), false)
	if err != nil {
		return fail("%v", err)
	}
	defer st.Close()
	ctx := context.Background()
	q := store.Query{Guide: o.Guide, From: o.From, To: o.To}
	if csv {
		cs, err := st.Counters(ctx, q)
		if err != nil {
			return fail("reading %s: %v", st.Where(), err)
		}
		kept := cs[:0]
		for _, c := range cs {
			if o.Keeps(c) {
				kept = append(kept, c)
			}
		}
		if err := report.WriteCSV(stdout, kept); err != nil {
			return fail("%v", err)
		}
		return 0
	}
	sums, err := st.Sums(ctx, q)
	if err != nil {
		return fail("reading %s: %v", st.Where(), err)
	}
	if err := report.Build(lib, sums, o).WriteText(stdout); err != nil {
		return fail("%v", err)
	}
	return 0
}
