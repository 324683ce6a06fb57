package fitparse

// The FIT checksum is CRC-16/ARC: the reflected polynomial 0xA001, initial
// value 0, no final XOR. The FIT SDK (and the FIT library) compute it four
// bits at a time; here it runs eight bytes per step from tables built once
// (slicing-by-8), about ten times faster, with the same result.

// crcPoly is the reflected CRC-16 polynomial of the FIT checksum.
const crcPoly = 0xA001

// crcTables[0] is the classic byte-at-a-time table; crcTables[k][b] is the
// CRC of byte b followed by k zero bytes.
var crcTables = func() (t [8][256]uint16) {
	for b := range 256 {
		c := uint16(b)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ crcPoly
			} else {
				c >>= 1
			}
		}
		t[0][b] = c
	}
	for k := 1; k < 8; k++ {
		for b := range 256 {
			c := t[k-1][b]
			t[k][b] = c>>8 ^ t[0][c&0xFF]
		}
	}
	return t
}()

// crc16Update returns the FIT checksum crc continued over p.
func crc16Update(crc uint16, p []byte) uint16 {
	t := &crcTables
	for len(p) >= 8 {
		crc ^= uint16(p[0]) | uint16(p[1])<<8
		crc = t[7][crc&0xFF] ^ t[6][crc>>8] ^ t[5][p[2]] ^ t[4][p[3]] ^
			t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]]
		p = p[8:]
	}
	for _, b := range p {
		crc = crc>>8 ^ t[0][byte(crc)^b]
	}
	return crc
}
