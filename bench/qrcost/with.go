//go:build qr

package main

import "github.com/fixflow/fixflow/components"

func encode(link string) {
	if size, dark, ok := components.QRMatrix(link); ok && dark(0, 0) {
		println(size)
	}
}
