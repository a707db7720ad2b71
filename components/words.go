package components

// words are the widget's own interface words, the same for every guide
// (the guide's words come from its document): generic words only, never a
// product's. Keyed by language; English is the fallback for every key. The
// keys are grouped by where they show.
var words = map[string]map[string]string{
	"en": {
		// The page around the step.
		"skip":       "Skip to the current step",
		"progress":   "Progress",
		"step_of":    "Step %d · about %d to go",
		"step_done":  "Done",
		"update":     "A new version of this guide is ready.",
		"reload":     "Reload",
		"resumed":    "Picking up where you left off.",
		"stale_kept": "This guide has changed since your last visit. We kept the answers that still fit: check them with Back.",
		"bad_state":  "We couldn't read the saved progress in this link, so this step opens on its own.",

		// Facts: the question page and the line of answers.
		"facts":        "What you told us",
		"change":       "change",
		"fact_help":    "How to find out",
		"fact_guess":   "This looks like your device: tap to confirm",
		"fact_current": "Your answer",
		"or":           "or",

		// A check.
		"why":            "Why this helps",
		"where":          "Where to find it",
		"warning":        "Careful",
		"other_versions": "Show other versions",
		"links":          "Useful links",
		"new_tab":        "(opens in a new tab)",

		// Outcomes.
		"contact":     "Who to contact",
		"tell":        "What to tell them",
		"show_them":   "Show them what you've already tried:",
		"wait_for":    "What to wait for",
		"wait_hour":   "Give it about an hour.",
		"wait_hours":  "Give it about %d hours.",
		"works_now":   "What works for now",
		"still_wrong": "What is still wrong",

		// Picking up a walk that ended waiting.
		"pickup_title": "Last time, you were waiting",
		"pickup":       "Pick up where you left off",
		"ago_minutes":  "less than an hour ago",
		"ago_hours":    "%d hours ago",
		"ago_days":     "%d days ago",
		"wait_left":    "It may need a little more time.",
		"wait_over":    "The time to wait is over: see whether it works now.",

		// What I've tried, and sharing it.
		"nothing_tried": "Nothing yet: your answers and the checks you try appear here.",
		"copy":          "Copy",
		"copied":        "Copied to the clipboard.",
		"copy_failed":   "Couldn't copy. Select the text and copy it yourself.",
		"share":         "Share",
		"link_copied":   "Link copied to the clipboard.",
		"print":         "Print",
		"guide_sent":    "Link copied: paste it into a message to them.",

		// The host's own contact, and continuing on a phone.
		"contact_us":  "Contact us",
		"phone_title": "Continue on your phone",
		"phone_hint":  "Point your phone's camera at the code: this step opens there, with your answers so far.",
		"phone_qr":    "QR code of the address of this step",
	},
}

// word returns the interface word for key in lang, falling back to English.
func word(lang, key string) string {
	if w, ok := words[lang][key]; ok {
		return w
	}
	return words["en"][key]
}
