// Command qrcost measures what the QR encoder costs the wasm (make bench):
// built with the tag qr it encodes a walk's link with components.QRMatrix,
// without it it only links the components package; the difference of the
// two wasm files is the encoder's share.
package main

import "github.com/fixflow/fixflow/components"

var _ = components.Register

func main() {
	encode("https://help.example.com/imessage-undelivered/escalate-carrier?s=imessage-undelivered.MVWANYiR..AABBBAAB")
}
