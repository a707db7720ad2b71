package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/fixflow/fixflow/internal/stats"
)

// Percent writes a share as "12.5%".
func Percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// Scope says what a report covers, in words.
func (r Report) Scope() string {
	host := "all hosts"
	switch r.Host {
	case "":
	case NoHost:
		host = "not embedded"
	default:
		host = "embedded on " + r.Host
	}
	return fmt.Sprintf("%s to %s (UTC), %s, all languages", r.From, r.To, host)
}

// WriteText prints the report for a terminal.
func (r Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if len(r.Guides) == 0 {
		fmt.Fprintf(tw, "No counts from %s.\n", r.Scope())
	}
	for i, g := range r.Guides {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "%s — %s\n", g.ID, g.Title)
		fmt.Fprintf(tw, "%s\n\n", r.Scope())
		fmt.Fprintf(tw, "Starts\t%d\n", g.Starts)
		fmt.Fprintf(tw, "Outcomes\t")
		for j, col := range MixColumns {
			if j > 0 {
				fmt.Fprint(tw, " · ")
			}
			fmt.Fprintf(tw, "%s %d (%s)", col, g.Mix[col], Percent(Share(g.Mix[col], g.Ended)))
		}
		fmt.Fprintln(tw)
		if g.Older > 0 {
			fmt.Fprintf(tw, "Older versions\t%d counts from other graphs of the guide: in starts and outcomes, not below\n", g.Older)
		}
		fmt.Fprintln(tw)
		fmt.Fprintln(tw, "Resolves most\tresolved\tshare\tshown\trate")
		if len(g.Resolvers) == 0 {
			fmt.Fprintln(tw, "  (none yet)")
		}
		for _, s := range g.Resolvers {
			fmt.Fprintf(tw, "  %s\t%d\t%s\t%d\t%s\n", s.Node, s.Resolved, Percent(s.Share), s.Shown, Percent(s.Rate))
		}
		fmt.Fprintln(tw)
		fmt.Fprintln(tw, "Drop-off by step\tshown\tleft\tdrop-off")
		unseen := 0
		for _, s := range g.Steps {
			if s.Shown == 0 && s.Left == 0 {
				unseen++
				continue
			}
			drop := Percent(s.Drop)
			if s.Outcome != "" {
				drop = "outcome: " + s.Outcome
			}
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\n", s.Node, s.Shown, s.Left, drop)
		}
		if unseen > 0 {
			fmt.Fprintf(tw, "  (%d of the guide's %d steps not shown in this period)\n", unseen, len(g.Steps))
		}
	}
	return tw.Flush()
}

// CSVHeader is the first line of WriteCSV.
var CSVHeader = []string{"day", "guide", "graph", "lang", "host", "event", "node", "option", "result", "n"}

// WriteCSV writes counters as CSV, one line per counter after a header.
func WriteCSV(w io.Writer, cs []stats.Counter) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	for _, c := range cs {
		cw.Write([]string{c.Day, c.Guide, c.Graph, c.Lang, c.Host, c.Event, c.Node, c.Option, c.Result, strconv.FormatInt(c.N, 10)})
	}
	cw.Flush()
	return cw.Error()
}
