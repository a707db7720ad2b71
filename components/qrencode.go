package components

// A small QR code encoder (ISO/IEC 18004), written for the one thing the
// widget encodes: a URL, in byte mode, at error correction level M, with
// mask pattern 0. Every valid mask is decodable; the standard's penalty
// rules only pick the one a camera reads most easily, and a URL shown on a
// screen reads well with any. It replaces rsc.io/qr/coding, which did the
// same for 18 KB of brotli-compressed wasm and put the wasm over its size
// budget (1.10 times an empty go-app app's).

// qrMaxVersion is the largest version encoded: 177 modules a side, 2331
// bytes at level M.
const qrMaxVersion = 40

// The level M columns of the standard's table of error correction: the
// codewords of each block's error correction, and the number of blocks,
// by version (index 0 unused).
var (
	qrECCPerBlock = [qrMaxVersion + 1]int{0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28}
	qrBlocks      = [qrMaxVersion + 1]int{0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49}
)

// qrCode is a QR code being drawn: its modules, and which of them are
// function patterns (finders, timing, alignment, format and version).
type qrCode struct {
	size       int
	dark, fixd []bool
}

func (q *qrCode) set(x, y int, dark bool) {
	q.dark[y*q.size+x], q.fixd[y*q.size+x] = dark, true
}

// qrRawModules is the number of modules of a version that hold data.
func qrRawModules(v int) int {
	n := (16*v+128)*v + 64
	if v >= 2 {
		a := v/7 + 2
		n -= (25*a-10)*a - 55
		if v >= 7 {
			n -= 36
		}
	}
	return n
}

// qrEncode encodes text; ok is false when it is longer than a code holds.
func qrEncode(text string) (q *qrCode, ok bool) {
	v, data := 0, 0
	for v = 1; ; v++ {
		if v > qrMaxVersion {
			return nil, false
		}
		data = qrRawModules(v)/8 - qrECCPerBlock[v]*qrBlocks[v]
		count := 8
		if v >= 10 {
			count = 16
		}
		if 4+count+8*len(text) <= 8*data {
			// The bit stream: byte mode, the count, the bytes, a terminator,
			// then padding to the capacity.
			bits := make([]byte, 0, data)
			var acc, n uint
			put := func(val uint, width uint) {
				acc, n = acc<<width|val, n+width
				for n >= 8 {
					bits = append(bits, byte(acc>>(n-8)))
					n -= 8
				}
			}
			put(4, 4)
			put(uint(len(text)), uint(count))
			for i := 0; i < len(text); i++ {
				put(uint(text[i]), 8)
			}
			if len(bits) < data {
				put(0, 4)
			}
			if n > 0 {
				put(0, 8-n)
			}
			for pad := byte(0xEC); len(bits) < data; pad ^= 0xEC ^ 0x11 {
				bits = append(bits, pad)
			}
			q = &qrCode{size: 17 + 4*v}
			q.dark, q.fixd = make([]bool, q.size*q.size), make([]bool, q.size*q.size)
			q.functions(v)
			q.codewords(qrInterleave(v, bits[:data]))
			return q, true
		}
	}
}

// functions draws the function patterns of version v, with the format bits
// of level M and mask 0.
func (q *qrCode) functions(v int) {
	s := q.size
	for i := 0; i < s; i++ {
		q.set(6, i, i%2 == 0)
		q.set(i, 6, i%2 == 0)
	}
	abs := func(x int) int { return max(x, -x) }
	for _, c := range [][2]int{{3, 3}, {s - 4, 3}, {3, s - 4}} {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				if x, y := c[0]+dx, c[1]+dy; x >= 0 && x < s && y >= 0 && y < s {
					d := max(abs(dx), abs(dy))
					q.set(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	if v >= 2 {
		a := v/7 + 2
		step := (v*4 + a*2 + 1) / (a*2 - 2) * 2
		if v == 32 {
			step = 26
		}
		pos := make([]int, a)
		pos[0] = 6
		for i, p := a-1, s-7; i >= 1; i, p = i-1, p-step {
			pos[i] = p
		}
		for i := range pos {
			for j := range pos {
				if i == 0 && j == 0 || i == 0 && j == a-1 || i == a-1 && j == 0 {
					continue
				}
				for dy := -2; dy <= 2; dy++ {
					for dx := -2; dx <= 2; dx++ {
						q.set(pos[i]+dx, pos[j]+dy, max(abs(dx), abs(dy)) != 1)
					}
				}
			}
		}
	}
	// Format: level M (00), mask 0, with its BCH code, masked.
	rem := 0
	for i := 0; i < 10; i++ {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	f := (0<<10 | rem) ^ 0x5412
	bit := func(x, i int) bool { return x>>i&1 != 0 }
	for i := 0; i <= 5; i++ {
		q.set(8, i, bit(f, i))
	}
	q.set(8, 7, bit(f, 6))
	q.set(8, 8, bit(f, 7))
	q.set(7, 8, bit(f, 8))
	for i := 9; i < 15; i++ {
		q.set(14-i, 8, bit(f, i))
	}
	for i := 0; i < 8; i++ {
		q.set(s-1-i, 8, bit(f, i))
	}
	for i := 8; i < 15; i++ {
		q.set(8, s-15+i, bit(f, i))
	}
	q.set(8, s-8, true)
	if v >= 7 {
		rem := v
		for i := 0; i < 12; i++ {
			rem = rem<<1 ^ (rem>>11)*0x1F25
		}
		b := v<<12 | rem
		for i := 0; i < 18; i++ {
			x, y := s-11+i%3, i/3
			q.set(x, y, bit(b, i))
			q.set(y, x, bit(b, i))
		}
	}
}

// codewords places the codewords in the zigzag order, applying mask 0.
func (q *qrCode) codewords(cw []byte) {
	s, i := q.size, 0
	for right := s - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		for vert := 0; vert < s; vert++ {
			for j := 0; j < 2; j++ {
				x, y := right-j, vert
				if (right+1)&2 == 0 {
					y = s - 1 - vert
				}
				k := y*s + x
				if q.fixd[k] {
					continue
				}
				if i < len(cw)*8 {
					q.dark[k] = cw[i>>3]>>(7-i&7)&1 != 0
					i++
				}
				q.dark[k] = q.dark[k] != ((x+y)%2 == 0)
			}
		}
	}
}

// qrInterleave splits the data codewords of version v into its blocks,
// adds each block's Reed-Solomon error correction and interleaves them.
func qrInterleave(v int, data []byte) []byte {
	nb, ecc := qrBlocks[v], qrECCPerBlock[v]
	raw := qrRawModules(v) / 8
	short, shortLen := nb-raw%nb, raw/nb
	div := qrDivisor(ecc)
	blocks := make([][]byte, nb)
	for i, k := 0, 0; i < nb; i++ {
		n := shortLen - ecc
		if i >= short {
			n++
		}
		b := append([]byte(nil), data[k:k+n]...)
		k += n
		if i < short {
			b = append(b, 0)
		}
		blocks[i] = append(b, qrRemainder(data[k-n:k], div)...)
	}
	out := make([]byte, 0, raw)
	for i := range blocks[0] {
		for j, b := range blocks {
			if i != shortLen-ecc || j >= short {
				out = append(out, b[i])
			}
		}
	}
	return out
}

// qrMul multiplies in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1.
func qrMul(x, y byte) byte {
	z := 0
	for i := 7; i >= 0; i-- {
		z = z<<1 ^ (z>>7)*0x11D
		z ^= int(y>>i&1) * int(x)
	}
	return byte(z)
}

// qrDivisor is the Reed-Solomon generator polynomial of the degree, its
// leading 1 left out.
func qrDivisor(degree int) []byte {
	r := make([]byte, degree)
	r[degree-1] = 1
	root := byte(1)
	for i := 0; i < degree; i++ {
		for j := range r {
			r[j] = qrMul(r[j], root)
			if j+1 < len(r) {
				r[j] ^= r[j+1]
			}
		}
		root = qrMul(root, 2)
	}
	return r
}

// qrRemainder is the error correction of data: its remainder by div.
func qrRemainder(data, div []byte) []byte {
	r := make([]byte, len(div))
	for _, b := range data {
		f := b ^ r[0]
		copy(r, r[1:])
		r[len(r)-1] = 0
		for i := range r {
			r[i] ^= qrMul(div[i], f)
		}
	}
	return r
}
