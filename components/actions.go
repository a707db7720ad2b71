package components

import (
	engine "github.com/fixflow/fixflow/app"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The buttons' handlers: they only call the browser and report the result.

func (g *Guide) setStatus(ctx app.Context, key string) {
	ctx.Dispatch(func(ctx app.Context) { g.status = word(g.flow.Lang, key) })
}

func (g *Guide) onCopy(ctx app.Context, e app.Event) {
	copyText(g.session.TranscriptText(), func(ok bool) {
		if ok {
			g.setStatus(ctx, "copied")
		} else {
			g.setStatus(ctx, "copy_failed")
		}
	})
}

// onShare shares what was tried with a link back to this step (without the
// embedding page's display options).
func (g *Guide) onShare(ctx app.Context, e app.Event) {
	link := absoluteURL(g.walkPath())
	share(g.flow.Title, g.session.TranscriptText(), link, func(shared, copied bool) {
		if copied {
			g.setStatus(ctx, "link_copied")
		}
	})
}

func (g *Guide) onPrint(ctx app.Context, e app.Event) {
	printPage()
}

// onSendGuide shares this step, without the user's own walk, with the person
// they are messaging.
func (g *Guide) onSendGuide(ctx app.Context, e app.Event) {
	link := absoluteURL(Location{Guide: g.flow.ID, Lang: g.loc.Lang}.StepURL(g.session.Current().ID, ""))
	share(g.session.Current().Title, g.flow.Strings[engine.StringRecipientWhy], link, func(shared, copied bool) {
		if copied {
			g.setStatus(ctx, "guide_sent")
		}
	})
}

func (g *Guide) onReload(ctx app.Context, e app.Event) {
	ctx.Reload()
}

// onTriedToggle follows the "What I've tried" fold: open, it gets its QR
// code (the render after this handler draws it).
func (g *Guide) onTriedToggle(ctx app.Context, e app.Event) {
	g.triedOpen = ctx.JSSrc().Get("open").Bool()
}
