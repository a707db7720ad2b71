package site

import (
	"strconv"

	"github.com/fixflow/fixflow/internal/markup"
	"github.com/fixflow/fixflow/internal/stats/report"
)

// The /stats page's two charts, SVG written through internal/markup like the
// rest of the page: positions and sizes are attributes, colours come from
// the style sheet's classes (no inline style). Attribute names are lower
// case, as markup requires: an HTML parser gives an SVG element's
// "viewbox" its SVG spelling, viewBox.

const (
	chartWidth = 720
	chartLabel = 230 // the labels' column
	chartBars  = 380 // the bars' column; the values follow it
	chartRow   = 28
	chartBar   = 18
)

// svgChart starts an SVG of rows rows, labelled by the heading labelledBy.
func svgChart(rows int, labelledBy string) *markup.Node {
	h := rows*chartRow + 8
	return markup.El("svg").Class("st-chart").
		Set("xmlns", "http://www.w3.org/2000/svg").
		Set("viewbox", "0 0 "+itoa(chartWidth)+" "+itoa(h)).
		Set("width", itoa(chartWidth)).Set("height", itoa(h)).
		Set("role", "img").Aria("labelledby", labelledBy)
}

func itoa(n int) string { return strconv.Itoa(n) }

// barWidth is n's bar in a column of width full for the largest value max;
// a count above zero always shows.
func barWidth(n, max int64, full int) int {
	if n <= 0 || max <= 0 {
		return 0
	}
	return int(max1(float64(n)/float64(max)*float64(full), 2))
}

func max1(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

func svgText(x, y int, class, anchor, s string) *markup.Node {
	t := markup.El("text").Set("x", itoa(x)).Set("y", itoa(y)).Class(class).Says(s)
	if anchor != "" {
		t.Set("text-anchor", anchor)
	}
	return t
}

func svgRect(x, y, w, h int, class string) *markup.Node {
	return markup.El("rect").Set("x", itoa(x)).Set("y", itoa(y)).Set("width", itoa(w)).Set("height", itoa(h)).Class(class)
}

// mixChart is a bar chart of how the walks ended: one bar per column of
// the mix, its count and its share.
func mixChart(g report.Guide, labelledBy string) *markup.Node {
	svg := svgChart(len(report.MixColumns), labelledBy)
	var max int64
	for _, col := range report.MixColumns {
		max = max64(max, g.Mix[col])
	}
	for i, col := range report.MixColumns {
		n := g.Mix[col]
		y := i*chartRow + 4
		w := barWidth(n, max, chartBars)
		svg.Body(markup.El("g").Body(
			markup.El("title").Says(col+": "+strconv.FormatInt(n, 10)+" ("+report.Percent(report.Share(n, g.Ended))+")"),
			svgText(0, y+14, "", "", col),
			svgRect(chartLabel, y, chartBars, chartBar, "st-track"),
			svgRect(chartLabel, y, w, chartBar, "st-bar st-bar-"+col),
			svgText(chartLabel+chartBars+8, y+14, "st-value", "", strconv.FormatInt(n, 10)+" · "+report.Percent(report.Share(n, g.Ended))),
		))
	}
	return svg
}

// funnelChart is the walks through the guide: the walks started, then each
// step shown, nearest the start first, as bars centred on one axis (a
// funnel), each with the part of it that was left there.
func funnelChart(g report.Guide, labelledBy string) *markup.Node {
	type bar struct {
		label, title string
		shown, left  int64
	}
	bars := []bar{{label: "walks started", title: "Walks started", shown: g.Starts}}
	for _, s := range g.Steps {
		if s.Shown > 0 || s.Left > 0 {
			bars = append(bars, bar{label: s.Node, title: s.Title, shown: s.Shown, left: s.Left})
		}
	}
	var max int64
	for _, b := range bars {
		max = max64(max, max64(b.shown, b.left))
	}
	svg := svgChart(len(bars), labelledBy)
	for i, b := range bars {
		y := i*chartRow + 4
		w := barWidth(b.shown, max, chartBars)
		x := chartLabel + (chartBars-w)/2
		lw := barWidth(b.left, max, chartBars)
		value := strconv.FormatInt(b.shown, 10)
		if b.left > 0 {
			value += " · left " + strconv.FormatInt(b.left, 10)
		}
		svg.Body(markup.El("g").Body(
			markup.El("title").Says(b.title+": shown "+strconv.FormatInt(b.shown, 10)+", left there "+strconv.FormatInt(b.left, 10)),
			svgText(chartLabel-8, y+14, "", "end", shorten(b.label, 30)),
			svgRect(x, y, w, chartBar, "st-bar"),
			svgRect(chartLabel+(chartBars-lw)/2, y, lw, chartBar, "st-bar-left"),
			svgText(chartLabel+chartBars+8, y+14, "st-value", "", value),
		))
	}
	return svg
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// shorten cuts s to n runes, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
