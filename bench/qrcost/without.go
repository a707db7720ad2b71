//go:build !qr

package main

func encode(link string) {
	if len(link) > 0 && link[0] == 'h' {
		println(len(link))
	}
}
