package components

// words are the widget's own interface words (the guide's words come from
// its document). Keyed by language; English is the fallback for every key.
var words = map[string]map[string]string{
	"en": {
		"progress":       "Progress",
		"step_of":        "Step %d · about %d to go",
		"step_done":      "Done",
		"did_it_work":    "Did this fix it?",
		"where":          "Where to find it",
		"ios18":          "iOS 18 and later",
		"ios17":          "iOS 17 and earlier",
		"iosall":         "Any iOS version",
		"warning":        "Careful",
		"which_iphone":   "Which iPhone do you have?",
		"links":          "Useful links",
		"new_tab":        "(opens in a new tab)",
		"why":            "Why this helps",
		"copy":           "Copy",
		"copied":         "Copied to the clipboard.",
		"copy_failed":    "Couldn't copy. Select the text and copy it yourself.",
		"share":          "Share",
		"link_copied":    "Link copied to the clipboard.",
		"print":          "Print",
		"nothing_tried":  "Nothing yet: your answers and the checks you try appear here.",
		"contact":        "Who to contact",
		"show_them":      "Show them what you've already tried:",
		"send_guide":     "Send this step to the person you're messaging",
		"send_guide_why": "This one happens on their iPhone, so they need to check it.",
		"guide_sent":     "Link copied: paste it into a message to them.",
		"update":         "A new version of this guide is ready.",
		"reload":         "Reload",
		"resumed":        "Picking up where you left off.",
		"stale_kept":     "This guide has changed since your last visit. We kept the answers that still fit: check them with Back.",
		"bad_state":      "We couldn't read the saved progress in this link, so this step opens on its own.",
		"skip":           "Skip to the current step",
		"result":         "Result",
		"contact_us":     "Contact us",
		"phone_title":    "Continue on your phone",
		"phone_hint":     "Point your iPhone's camera at the code: this step opens there, with your answers so far.",
		"phone_qr":       "QR code of the address of this step",
	},
}

// word returns the interface word for key in lang, falling back to English.
func word(lang, key string) string {
	if w, ok := words[lang][key]; ok {
		return w
	}
	return words["en"][key]
}
