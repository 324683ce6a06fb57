package fitparse

// The FIT checksum is CRC-16/ARC: the reflected polynomial 0xA001, initial
// value 0, no final XOR. The FIT SDK (and the FIT library) compute it four
// bits at a time; here it runs sixteen bytes per step from tables built
// once (slicing-by-16), more than ten times faster, with the same result.

// crcPoly is the reflected CRC-16 polynomial of the FIT checksum.
const crcPoly = 0xA001

// crcTables[0] is the classic byte-at-a-time table; crcTables[k][b] is the
// CRC of byte b followed by k zero bytes.
var crcTables = func() (t [16][256]uint16) {
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
	for k := 1; k < 16; k++ {
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
	for len(p) >= 16 {
		_ = p[15]
		crc ^= uint16(p[0]) | uint16(p[1])<<8
		crc = t[15][crc&0xFF] ^ t[14][crc>>8] ^ t[13][p[2]] ^ t[12][p[3]] ^
			t[11][p[4]] ^ t[10][p[5]] ^ t[9][p[6]] ^ t[8][p[7]] ^
			t[7][p[8]] ^ t[6][p[9]] ^ t[5][p[10]] ^ t[4][p[11]] ^
			t[3][p[12]] ^ t[2][p[13]] ^ t[1][p[14]] ^ t[0][p[15]]
		p = p[16:]
	}
	for len(p) >= 8 {
		_ = p[7]
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
